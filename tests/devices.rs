//! Several devices on one data folder kept in step by a sync tool: each writes only its own
//! journal, reads every other one as it arrives (in pieces, cut mid-line), and derives what one
//! device that made every answer would.

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use eframe::egui;
use egui_kittest::kittest::Queryable;
use proptest::prelude::*;
use talkdeck::deck::{Direction, ItemId, Library};
use talkdeck::srs::Rating;
use talkdeck::store::{DataDir, Store, StudyMode};
use talkdeck::study::queue_for;

use support::{Folder, NOW, harness};

const MINUTE: i64 = 60_000;

fn item(n: usize) -> ItemId {
    let cards = ["hi", "hello", "morning", "how-are-you", "nice-to-meet-you"];
    ItemId::new("greetings", cards[n % cards.len()], Direction::Produce)
}

fn open(data: &DataDir, now: i64) -> Store {
    Store::open(data, jiff::tz::TimeZone::UTC, now).unwrap()
}

/// What every device must agree on: each item's state, the answers in time order, and the queue.
fn derived(
    store: &Store,
    library: &Library,
    now: i64,
) -> (String, Vec<(String, i64)>, Vec<String>) {
    let mut states: Vec<String> = store
        .states()
        .map(|(id, state)| format!("{} {state:?}", id.as_str()))
        .collect();
    states.sort();
    let ids = store.item_ids();
    let answers = store
        .reviews()
        .iter()
        .map(|r| (ids[r.item as usize].as_str().to_owned(), r.at))
        .collect();
    let queue = queue_for(library, store, &[], now)
        .items
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    (states.join("\n"), answers, queue)
}

/// One answer of the script: which device, which item, how, and when (all times distinct).
#[derive(Clone, Debug)]
struct Answer {
    device: usize,
    item: usize,
    rating: Rating,
    at: i64,
}

fn script() -> impl Strategy<Value = (usize, Vec<Answer>, Vec<(usize, usize, u16)>)> {
    (2usize..=3).prop_flat_map(|devices| {
        let answer = (0..devices, 0usize..5, 0usize..4, 1i64..240);
        (
            Just(devices),
            prop::collection::vec(answer, 4..24),
            // Deliveries: (to device, from device, share of the file in thousandths).
            prop::collection::vec((0..devices, 0..devices, 0u16..=1000), 0..30),
        )
            .prop_map(|(devices, answers, deliveries)| {
                let mut at = NOW;
                let answers = answers
                    .into_iter()
                    .map(|(device, item, rating, gap)| {
                        at += gap * MINUTE;
                        Answer {
                            device,
                            item,
                            rating: [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy]
                                [rating],
                            at,
                        }
                    })
                    .collect();
                (devices, answers, deliveries)
            })
    })
}

/// Copies the first `share`‰ of device `from`'s journal (cut anywhere, mid-line too) into device
/// `to`'s copy of the folder, as a sync tool delivers a file in pieces; a delivery never takes back
/// what an earlier one brought. Checks that nothing but the sync tool changed the copy meanwhile.
fn deliver(
    folders: &[DataDir],
    delivered: &mut BTreeMap<(usize, usize), Vec<u8>>,
    to: usize,
    from: usize,
    share: u16,
) {
    if to == from {
        return;
    }
    let source = std::fs::read(folders[from].journal_path()).unwrap_or_default();
    let target = folders[to].journals_dir().join(format!("d{from}.ron"));
    let before = delivered.entry((to, from)).or_default();
    assert_eq!(
        std::fs::read(&target).unwrap_or_default(),
        *before,
        "device {to} left device {from}'s journal as it arrived"
    );
    let n = (source.len() * usize::from(share) / 1000).max(before.len());
    std::fs::create_dir_all(folders[to].journals_dir()).unwrap();
    std::fs::write(&target, &source[..n]).unwrap();
    *before = source[..n].to_vec();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Devices answering apart and syncing in random pieces end up with exactly the states, the
    /// review log and the queue of one device that made every answer, each from its own copy of
    /// the folder, whether it took the answers in while running or opens afresh.
    #[test]
    fn devices_synced_in_random_pieces_derive_what_one_device_would((devices, answers, deliveries) in script()) {
        let library = Library::load(None);
        let roots: Vec<tempfile::TempDir> = (0..devices).map(|_| tempfile::tempdir().unwrap()).collect();
        let folders: Vec<DataDir> = roots.iter().enumerate().map(|(k, root)| DataDir::for_device(root.path(), &format!("d{k}"))).collect();
        let mut stores: Vec<Store> = folders.iter().map(|data| open(data, NOW)).collect();
        let mut delivered = BTreeMap::new();
        let mut deliveries = deliveries.into_iter();
        for answer in &answers {
            let store = &mut stores[answer.device];
            store.take_arrivals(answer.at).unwrap();
            store.answer(&item(answer.item), answer.rating, 3_000, StudyMode::Flip, answer.at).unwrap();
            if let Some((to, from, share)) = deliveries.next() {
                deliver(&folders, &mut delivered, to, from, share);
                stores[to].take_arrivals(answer.at).unwrap();
            }
        }
        let end = answers.last().unwrap().at + MINUTE;
        for to in 0..devices {
            for from in 0..devices {
                deliver(&folders, &mut delivered, to, from, 1000);
            }
        }

        // One device that made every answer.
        let one_root = tempfile::tempdir().unwrap();
        let one = DataDir::for_device(one_root.path(), "one");
        let mut alone = open(&one, NOW);
        for answer in &answers {
            alone.answer(&item(answer.item), answer.rating, 3_000, StudyMode::Flip, answer.at).unwrap();
        }
        let expected = derived(&alone, &library, end);
        prop_assert_eq!(expected.1.len(), answers.len());

        for (k, store) in stores.iter_mut().enumerate() {
            store.take_arrivals(end).unwrap();
            prop_assert_eq!(&derived(store, &library, end), &expected, "device {} while running", k);
            store.save_snapshot().unwrap();
        }
        drop(stores);
        for (k, data) in folders.iter().enumerate() {
            let store = open(data, end);
            prop_assert_eq!(&derived(&store, &library, end), &expected, "device {} opened again", k);
            drop(store);
            std::fs::remove_file(data.snapshot_path()).unwrap();
            let store = open(data, end);
            prop_assert!(!store.opened_from_snapshot());
            prop_assert_eq!(&derived(&store, &library, end), &expected, "device {} replayed in full", k);
        }
        // Every copy of every journal is its device's, byte for byte.
        for to in 0..devices {
            for from in (0..devices).filter(|&from| from != to) {
                prop_assert_eq!(
                    std::fs::read(folders[to].journals_dir().join(format!("d{from}.ron"))).unwrap_or_default(),
                    std::fs::read(folders[from].journal_path()).unwrap_or_default()
                );
            }
        }
    }
}

/// A sync tool's conflict copy of a journal holds entries of the original: each counts once. An
/// older folder's single `journal.ron` is read as one more journal and never written.
#[test]
fn conflict_copies_count_each_entry_once_and_the_single_journal_is_read_not_written() {
    let root = tempfile::tempdir().unwrap();
    let laptop = DataDir::for_device(root.path(), "laptop");
    let mut store = open(&laptop, NOW);
    for n in 0..4 {
        store
            .answer(
                &item(n),
                Rating::Good,
                2_000,
                StudyMode::Flip,
                NOW + n as i64 * MINUTE,
            )
            .unwrap();
    }
    drop(store);
    let own = std::fs::read(laptop.journal_path()).unwrap();
    // The copy has the first three answers and one of its own.
    let first_three: Vec<&[u8]> = own.split_inclusive(|&b| b == b'\n').take(3).collect();
    let mut copy = first_three.concat();
    copy.extend_from_slice(
        b"Review(id:\"copy-only\",item:\"greetings/hi/produce\",at:1795428600000,rating:Again,ms:900,mode:Flip)\n",
    );
    std::fs::write(
        laptop
            .journals_dir()
            .join("laptop.sync-conflict-20261123-101000-ABCDEFG.ron"),
        &copy,
    )
    .unwrap();
    let single = b"Review(id:\"old-1\",item:\"greetings/hello/produce\",at:1795420000000,rating:Good,ms:900,mode:Flip)\n";
    std::fs::write(laptop.single_journal_path(), single).unwrap();

    let desk = DataDir::for_device(root.path(), "desk");
    let store = open(&desk, NOW + 10 * MINUTE);
    assert_eq!(store.reviews().len(), 4 + 1 + 1, "each answer once");
    drop(store);
    assert_eq!(std::fs::read(laptop.single_journal_path()).unwrap(), single);
    assert_eq!(std::fs::read(laptop.journal_path()).unwrap(), own);
}

/// The item of the card on the Study screen.
fn shown_item(h: &egui_kittest::Harness<'_, talkdeck::ui::TalkdeckApp>) -> ItemId {
    let study = h.state().study().expect("studying");
    study.card.as_ref().expect("a card").prompt.item.clone()
}

/// An answer another device made while this one studies: the watcher (or the clock) takes it in,
/// Home counts it, and the open session no longer asks that item.
#[test]
fn an_answer_from_another_device_shows_on_home_and_leaves_the_open_session() {
    let folder = Folder::new();
    let mut h = harness(folder.model());
    h.run();
    assert_eq!(h.state_mut().home_view().done_today, 0);
    h.get_by_label("Study now").click();
    h.run();
    let shown = shown_item(&h);
    let now = NOW + 5 * MINUTE;
    let queued = {
        let model = h.state().model();
        queue_for(&model.library, &model.store, &[], now).items
    };
    let elsewhere = queued
        .iter()
        .find(|item| **item != shown)
        .cloned()
        .expect("another item queued");
    // The laptop answered it, and the sync tool delivered the line (and half of the next).
    let data = folder.data();
    let line = format!(
        "Review(id:\"laptop-1\",item:\"{}\",at:{},rating:Easy,ms:2000,mode:Flip)\nReview(id:\"lap",
        elsewhere.as_str(),
        NOW + MINUTE
    );
    std::fs::create_dir_all(data.journals_dir()).unwrap();
    let laptop = data.journals_dir().join("laptop-00aa00.ron");
    std::fs::write(&laptop, &line).unwrap();
    h.state_mut().check_arrivals();
    h.run();
    assert_eq!(
        std::fs::read_to_string(&laptop).unwrap(),
        line,
        "left as it arrived"
    );
    assert_eq!(h.state_mut().home_view().done_today, 1, "Home counts it");
    let model = h.state().model();
    assert!(
        !queue_for(&model.library, &model.store, &[], now)
            .items
            .contains(&elsewhere),
        "it left the queue"
    );
    // The laptop answers the card on screen too, before it was revealed here: the next one comes.
    let left = h.state().study().unwrap().card.as_ref().unwrap().left;
    let more = format!(
        "-0\",item:\"{}\",at:{},rating:Easy,ms:1500,mode:Flip)\n\
         Review(id:\"laptop-2\",item:\"{}\",at:{},rating:Easy,ms:2000,mode:Flip)\n",
        elsewhere.as_str(),
        NOW + MINUTE + 30_000,
        shown.as_str(),
        NOW + 2 * MINUTE
    );
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&laptop)
        .unwrap();
    file.write_all(more.as_bytes()).unwrap();
    drop(file);
    h.state_mut().check_arrivals();
    h.run();
    let card = h.state().study().unwrap().card.as_ref().unwrap();
    assert_ne!(
        card.prompt.item, shown,
        "answered on the laptop: not asked here"
    );
    assert!(
        card.left < left,
        "the count follows: {} then {}",
        left,
        card.left
    );
    // Every card after it is another.
    for _ in 0..6 {
        let card = shown_item(&h);
        assert_ne!(card, elsewhere);
        h.get_by_label("Show answer").click();
        h.run();
        h.get_by(support::button("Good")).click();
        h.run();
    }
}

fn talkdeck(data: &Path, device: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_talkdeck"));
    command
        .args(["--device", device, "--data-dir"])
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn finish(mut child: std::process::Child, input: &str) -> Output {
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Two devices on one folder study at the same time (each has its own lock), and each then
/// counts both devices' answers, and those of a third device whose journal is still arriving, which
/// is read to its last whole line and left byte for byte as it was.
#[test]
fn two_devices_study_one_folder_at_once_and_each_counts_every_answer() {
    let root = tempfile::tempdir().unwrap();
    let answers = "\n3\n".repeat(3);
    let desk = talkdeck(root.path(), "desk", &["quiz", "--limit", "3"])
        .spawn()
        .unwrap();
    let laptop = talkdeck(root.path(), "laptop", &["quiz", "--limit", "3"])
        .spawn()
        .unwrap();
    // Both are running before either gets its answers.
    let (desk, laptop) = (finish(desk, &answers), finish(laptop, &answers));
    assert!(desk.status.success(), "{}", text(&desk.stderr));
    assert!(laptop.status.success(), "{}", text(&laptop.stderr));

    let now = jiff::Timestamp::now().as_millisecond();
    let phone = root.path().join("journal").join("phone.ron");
    let arriving = format!(
        "Review(id:\"phone-1\",item:\"greetings/hi/reply\",at:{now},rating:Good,ms:900,mode:Flip)\n\
         Review(id:\"phone-2\",item:\"greetings/hello/reply\",at:{now},rating:Good,ms:900,mo"
    );
    std::fs::write(&phone, &arriving).unwrap();
    for device in ["desk", "laptop"] {
        let stats = talkdeck(root.path(), device, &["stats"]).output().unwrap();
        assert!(stats.status.success(), "{}", text(&stats.stderr));
        assert!(
            text(&stats.stdout).contains("reviews today:   7"),
            "{device}: {}",
            text(&stats.stdout)
        );
    }
    assert_eq!(std::fs::read_to_string(&phone).unwrap(), arriving);
    for device in ["desk", "laptop"] {
        let journal =
            std::fs::read_to_string(root.path().join("journal").join(format!("{device}.ron")))
                .unwrap();
        assert_eq!(
            journal.lines().count(),
            3,
            "{device} wrote its own answers only"
        );
    }
}

fn deck(id: &str, en: &str) -> String {
    format!(
        "Deck(format: 1, id: \"{id}\", name: \"{id}\", cards: [(id: \"a\", en: \"{en}\", zh: \"你好\")])\n"
    )
}

/// Copies a sync tool made of a deck or of the settings (two devices changed them apart) are
/// not loaded, are named on Home beside the file in use, and neither file is ever changed. A
/// numbered name is a copy only when the original holds the same deck.
#[test]
fn conflict_copies_of_decks_and_settings_are_named_on_home_and_left_alone() {
    let folder = Folder::new();
    let data = folder.data();
    let decks = data.decks_dir();
    std::fs::create_dir_all(&decks).unwrap();
    let files = [
        ("greet.ron", deck("greet", "Hi")),
        (
            "greet (Chris's conflicted copy 2026-11-30).ron",
            deck("greet", "Hello"),
        ),
        ("greet (1).ron", deck("greet", "Hey")),
        ("week 2.ron", deck("week-two", "Monday")),
        ("other.ron", deck("other", "Yes")),
        ("other (1).ron", deck("other-one", "No")),
    ];
    for (name, text) in &files {
        std::fs::write(decks.join(name), text).unwrap();
    }
    let copy = data
        .root()
        .join("settings.sync-conflict-20261130-101500-ABCDEFG.ron");
    std::fs::write(data.settings_path(), "(new_per_day: 10)\n").unwrap();
    std::fs::write(&copy, "(new_per_day: 30)\n").unwrap();

    let model = folder.model();
    let mut loaded: Vec<&str> = model
        .library
        .decks
        .iter()
        .map(|(_, d)| d.id.as_str())
        .collect();
    loaded.sort();
    assert!(
        model.library.failures.is_empty(),
        "{:?}",
        model.library.failures
    );
    for id in ["greet", "week-two", "other", "other-one"] {
        assert!(loaded.contains(&id), "{id} in {loaded:?}");
    }
    assert_eq!(
        model.store.settings().new_per_day,
        10,
        "the original is in use"
    );
    let mut h = harness(model);
    h.run();
    let conflicts = h.state_mut().home_view().conflicts.clone();
    assert_eq!(
        conflicts,
        [
            (
                "decks/greet.ron".to_owned(),
                "decks/greet (1).ron".to_owned()
            ),
            (
                "decks/greet.ron".to_owned(),
                "decks/greet (Chris's conflicted copy 2026-11-30).ron".to_owned()
            ),
            (
                "settings.ron".to_owned(),
                "settings.sync-conflict-20261130-101500-ABCDEFG.ron".to_owned()
            ),
        ]
    );
    h.get_by_label("decks/greet.ron  ←  copy: decks/greet (1).ron");
    // A copy that arrives while talkdeck runs is named as soon as talkdeck looks (the folder
    // watcher, or getting the focus back), and one deleted goes from the banner.
    let later = decks.join("greet.sync-conflict-20261130-111500-ABCDEFG.ron");
    std::fs::write(&later, deck("greet", "Yo")).unwrap();
    std::fs::remove_file(decks.join("greet (1).ron")).unwrap();
    h.event(egui::Event::WindowFocused(true));
    h.run();
    h.get_by_label(
        "decks/greet.ron  ←  copy: decks/greet.sync-conflict-20261130-111500-ABCDEFG.ron",
    );
    assert!(
        h.query_by_label("decks/greet.ron  ←  copy: decks/greet (1).ron")
            .is_none()
    );
    std::fs::remove_file(&later).unwrap();
    for (name, text) in files.iter().filter(|(name, _)| *name != "greet (1).ron") {
        assert_eq!(&std::fs::read_to_string(decks.join(name)).unwrap(), text);
    }
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        "(new_per_day: 30)\n"
    );
}

/// The voice and the theme are each device's own (another computer has other voices and
/// programs); everything else is shared.
#[test]
fn the_voice_and_theme_are_each_devices_own_and_the_rest_is_shared() {
    use talkdeck::store::{Settings, Theme};
    let root = tempfile::tempdir().unwrap();
    let desk = DataDir::for_device(root.path(), "desk");
    let laptop = DataDir::for_device(root.path(), "laptop");
    // Before any device saves its own, the shared file's voice holds for all.
    std::fs::write(
        desk.settings_path(),
        "(speech: (voice: \"en-us\"), theme: Light)\n",
    )
    .unwrap();
    let mut store = open(&desk, NOW);
    let mut mine = store.settings().clone();
    assert_eq!(mine.speech.voice, "en-us");
    mine.speech.player_command = "afplay {wav}".into();
    mine.theme = Theme::Dark;
    mine.new_per_day = 7;
    store.set_settings(mine, NOW).unwrap();
    drop(store);
    let desk_now = Settings::load_for(&desk).unwrap();
    assert_eq!(
        (
            desk_now.speech.player_command.as_str(),
            desk_now.theme,
            desk_now.new_per_day
        ),
        ("afplay {wav}", Theme::Dark, 7)
    );
    let laptop_now = Settings::load_for(&laptop).unwrap();
    assert_eq!(
        (
            laptop_now.speech.player_command.as_str(),
            laptop_now.theme,
            laptop_now.new_per_day
        ),
        ("", Theme::Light, 7),
        "the laptop shares the limit, not the desk's player or theme"
    );
    assert_eq!(laptop_now.speech.voice, "en-us");
}
