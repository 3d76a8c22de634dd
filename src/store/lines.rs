//! Reading the journal's lines: the fast reader for the lines talkdeck writes itself (one forward
//! scan, no copy), RON for everything else, in parallel chunks, into the reviews that count (each
//! under the item it counts for after carries), the "Study more" entries, the marks, carries,
//! hidden decks and fitted parameters, the lines that could not be read and those of kinds this
//! build does not know. No I/O: it reads bytes.
//!
//! Only answers are common enough to need the fast reader; every other kind is read by RON.

use std::borrow::Cow;
use std::collections::HashSet;

use super::entry::{Entry, StudyMore};
use crate::deck::ItemId;
use crate::srs::Rating;

/// Why a line that is not a fast-read review was not read.
enum Unread {
    Corrupt(String),
    /// A well-formed entry of a kind this build does not know.
    UnknownKind(String),
}

impl Unread {
    /// Why RON did not read `line`: an entry of a kind this build does not know when the line has
    /// an entry's shape (`Kind(…)`) and only its kind is unknown; else corrupt.
    fn of(line: &str, error: ron::error::SpannedError) -> Unread {
        let line = line.trim();
        let kind_len = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(line.len());
        let shaped = kind_len > 0
            && line.starts_with(|c: char| c.is_ascii_uppercase())
            && line[kind_len..].starts_with('(')
            && line.ends_with(')');
        match error.code {
            ron::Error::NoSuchEnumVariant {
                found,
                outer: Some(outer),
                ..
            } if shaped && outer == "Entry" && found == line[..kind_len] => {
                Unread::UnknownKind(found)
            }
            code => Unread::Corrupt(code.to_string()),
        }
    }
}

/// A journal line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorruptLine {
    /// Which of the journals read (an index into what [`replay_sources`] was given).
    pub source: usize,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// A `Review(…)` line in exactly the form [`Journal::append`] writes it, read without copying; `None`
/// for anything else, which RON then reads. One forward scan over the bytes, because replay reads a
/// million of these.
fn fast_row(line: &[u8], hash: ItemHasher) -> Option<ReviewRow<'_>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // An escape anywhere sends the line to RON.
    if memchr::memchr(b'\\', line).is_some() {
        return None;
    }
    // Checked once, so the id and item below are cut from text at ASCII quotes.
    let text = std::str::from_utf8(line).ok()?;
    let start = "Review(id:\"".len();
    let rest = line.strip_prefix(b"Review(id:\"")?;
    let id_end = start + memchr::memchr(b'"', rest)?;
    let item_start = id_end + "\",item:\"".len();
    let rest = line[id_end..].strip_prefix(b"\",item:\"")?;
    let item_end = item_start + memchr::memchr(b'"', rest)?;
    let (id, item) = (text.get(start..id_end)?, text.get(item_start..item_end)?);
    if id.is_empty() || !ItemId::is_valid(item) {
        return None;
    }
    let rest = line[item_end..].strip_prefix(b"\",at:")?;
    let (at, rest) = leading_i64(rest)?;
    let rest = rest.strip_prefix(b",rating:")?;
    let (rating, rest) = [
        (Rating::Good, &b"Good"[..]),
        (Rating::Again, b"Again"),
        (Rating::Hard, b"Hard"),
        (Rating::Easy, b"Easy"),
    ]
    .into_iter()
    .find_map(|(rating, name)| Some((rating, rest.strip_prefix(name)?)))?;
    let rest = rest.strip_prefix(b",ms:")?;
    let (ms, rest) = leading_i64(rest)?;
    match rest {
        b",mode:Flip)" | b",mode:Type)" | b",mode:Choice)" | b",mode:Listen)" => {}
        _ => return None,
    }
    Some(ReviewRow {
        id: Cow::Borrowed(id),
        item: Cow::Borrowed(item),
        item_hash: hash(item),
        at,
        rating,
        ms: u32::try_from(ms).ok()?,
    })
}

/// How replay hashes an item id to group its rows. Equal hashes are always confirmed by comparing
/// the ids, so any function is correct; [`item_hash`] is the fast one, and tests pass one with few
/// values, so that different items with equal hashes happen in every test that replays.
pub type ItemHasher = fn(&str) -> u64;

/// The hash replay groups items by: FxHash (the journal is our own data).
pub fn item_hash(item: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(item)
}

/// The decimal integer (optional minus sign, 1 to 18 digits) at the start of `bytes`, and what
/// follows it.
fn leading_i64(bytes: &[u8]) -> Option<(i64, &[u8])> {
    let (negative, digits) = match bytes.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let n = digits
        .iter()
        .position(|d| !d.is_ascii_digit())
        .unwrap_or(digits.len());
    if n == 0 || n > 18 {
        return None;
    }
    let value = digits[..n]
        .iter()
        .fold(0i64, |value, &d| value * 10 + i64::from(d - b'0'));
    Some((if negative { -value } else { value }, &digits[n..]))
}

/// A review as replay needs it, borrowing its text from the journal's bytes where it can.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRow<'a> {
    pub id: Cow<'a, str>,
    pub item: Cow<'a, str>,
    /// [`item_hash`] of `item`, computed while the line is being read anyway.
    pub item_hash: u64,
    pub at: i64,
    pub rating: Rating,
    pub ms: u32,
}

/// The reviews replay reads, in journal order, kept in the pieces they were read in (one per
/// parallel chunk) rather than copied into one vector: a million rows are 70 MB.
#[derive(Clone, Debug, Default)]
pub struct Rows<'a> {
    parts: Vec<Vec<ReviewRow<'a>>>,
}

impl<'a> Rows<'a> {
    fn new(parts: Vec<Vec<ReviewRow<'a>>>) -> Rows<'a> {
        Rows {
            parts: parts.into_iter().filter(|p| !p.is_empty()).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// Empty pieces are dropped when made, so no pieces means no rows.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub fn first(&self) -> Option<&ReviewRow<'a>> {
        self.parts.first().and_then(|p| p.first())
    }

    pub fn iter(&self) -> impl Iterator<Item = &ReviewRow<'a>> + Clone {
        self.parts.iter().flatten()
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut ReviewRow<'a>> {
        self.parts.iter_mut().flatten()
    }
}

impl<'r, 'a> IntoIterator for &'r Rows<'a> {
    type Item = &'r ReviewRow<'a>;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'r, Vec<ReviewRow<'a>>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.parts.iter().flatten()
    }
}

impl<'a> IntoIterator for Rows<'a> {
    type Item = ReviewRow<'a>;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<ReviewRow<'a>>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.parts.into_iter().flatten()
    }
}

/// What replay reads from journal lines.
#[derive(Debug, Default)]
pub struct Replayed<'a> {
    /// The reviews that count, in time order (then id), undone ones removed, each under the item
    /// it counts for once [`carry_rows`] has applied the carries.
    pub rows: Rows<'a>,
    /// The lines that could not be read.
    pub corrupt: Vec<CorruptLine>,
    /// Undos whose entry is not among these lines (it lies before them).
    pub unmatched_undos: usize,
    /// "Study more" entries, in journal order, undone ones removed.
    pub study_more: Vec<StudyMore>,
    /// The [`Entry::Mark`], [`Entry::Carry`], [`Entry::HideDeck`], [`Entry::Parameters`] and
    /// [`Entry::Spread`] entries, in journal order, undone ones removed.
    pub events: Vec<Entry>,
    /// Lines of entry kinds this build does not know (a newer talkdeck wrote them): skipped, not
    /// corrupt.
    pub unknown: Vec<UnknownLine>,
    /// Each journal's latest entry time (`i64::MIN` when it holds none).
    pub latest: Vec<i64>,
}

/// A journal line of an entry kind this build does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLine {
    /// Which of the journals read.
    pub source: usize,
    /// 1-based line number.
    pub line: usize,
    /// The entry's kind, as written (`Suspend`, say).
    pub kind: String,
}

/// Why an entry RON read is still not one replay can use (an invalid item id, a flag out of range):
/// a corrupt line, reported as such, never a panic later.
fn problem(entry: &Entry) -> Option<String> {
    let invalid = |item: &ItemId| {
        (!ItemId::is_valid(item.as_str())).then(|| format!("invalid item id {:?}", item.as_str()))
    };
    match entry {
        Entry::Review { item, .. } => invalid(item),
        Entry::Mark { items, mark, .. } => {
            items.iter().find_map(invalid).or_else(|| mark.problem())
        }
        Entry::Carry { map, .. } => map
            .iter()
            .find_map(|(old, new)| invalid(old).or_else(|| invalid(new))),
        Entry::HideDeck { deck, .. } => {
            (!crate::deck::is_valid_id(deck)).then(|| format!("invalid deck id {deck:?}"))
        }
        // Parameters that cannot schedule would stop the store from opening: a damaged line.
        Entry::Parameters { parameters, .. } => crate::srs::parameters_problem(parameters),
        Entry::Spread { items, per_day, .. } => items
            .iter()
            .find_map(invalid)
            .or_else(|| (*per_day == 0).then(|| "a spread of 0 a day".to_owned())),
        Entry::Undo { .. } | Entry::StudyMore { .. } => None,
    }
}

/// Applies the carries among `events` to `rows` (in time order): a review of an old item at or
/// before a carry's time counts as a review of its new item. Carries apply in journal order, each
/// to the name the one before left, so carrying A to B and then B to C takes A's early reviews to
/// C. A carry's pairs apply at once (a swap swaps). Without carries this costs nothing.
fn carry_rows(rows: &mut Rows<'_>, events: &[Entry], hash: ItemHasher) {
    use std::collections::HashMap;

    let carries: Vec<(i64, HashMap<&str, &ItemId>)> = events
        .iter()
        .filter_map(|event| match event {
            Entry::Carry { at, map, .. } => {
                let mut pairs = HashMap::with_capacity(map.len());
                for (old, new) in map {
                    pairs.entry(old.as_str()).or_insert(new);
                }
                Some((*at, pairs))
            }
            _ => None,
        })
        .collect();
    if carries.is_empty() {
        return;
    }
    let olds: HashSet<&str> = carries
        .iter()
        .flat_map(|(_, pairs)| pairs.keys().copied())
        .collect();
    for row in rows.iter_mut() {
        if !olds.contains(row.item.as_ref()) {
            continue;
        }
        let mut name: &str = row.item.as_ref();
        let mut renamed = None;
        for (at, pairs) in &carries {
            if row.at <= *at
                && let Some(new) = pairs.get(name)
            {
                name = new.as_str();
                renamed = Some(*new);
            }
        }
        if let Some(new) = renamed {
            row.item_hash = hash(new.as_str());
            row.item = Cow::Owned(new.as_str().to_owned());
        }
    }
}

/// Reads whole journal lines without copying what talkdeck wrote itself; `hash` groups the items
/// ([`item_hash`] outside tests).
#[cfg(test)]
pub fn replay_rows(bytes: &[u8], hash: ItemHasher) -> Replayed<'_> {
    replay_sources(&[bytes], hash)
}

/// Reads the whole lines of several journals (each device's, in the merge's order) as one: the
/// answers in time order (then id), an entry found in two of them (a sync tool's conflict copy)
/// counted once, an undo taking back its entry whichever journal holds it, and the other entries
/// merged by time, each journal's in its own order, ties to the journal given first.
pub fn replay_sources<'a>(sources: &[&'a [u8]], hash: ItemHasher) -> Replayed<'a> {
    use rayon::prelude::*;

    struct Part<'a> {
        source: usize,
        rows: Vec<ReviewRow<'a>>,
        undone: Vec<String>,
        /// "Study more" and the other events, in the chunk's order.
        entries: Vec<Entry>,
        /// Line numbers counted from the chunk's first line (1).
        corrupt: Vec<CorruptLine>,
        unknown: Vec<UnknownLine>,
        lines: usize,
        latest: i64,
    }
    let chunks: Vec<(usize, &[u8])> = sources
        .iter()
        .enumerate()
        .flat_map(|(source, bytes)| line_chunks(bytes).into_iter().map(move |c| (source, c)))
        .collect();
    let parts: Vec<Part<'_>> = chunks
        .into_par_iter()
        .map(|(source, chunk)| {
            // A review line is about 116 bytes; sizing up front saves copying as the Vec grows.
            let mut part = Part {
                source,
                rows: Vec::with_capacity(chunk.len() / 100),
                undone: Vec::new(),
                entries: Vec::new(),
                corrupt: Vec::new(),
                unknown: Vec::new(),
                lines: 0,
                latest: i64::MIN,
            };
            let mut start = 0;
            for (index, end) in memchr::memchr_iter(b'\n', chunk).enumerate() {
                let line = &chunk[start..end];
                start = end + 1;
                part.lines = index + 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if let Some(row) = fast_row(line, hash) {
                    part.latest = part.latest.max(row.at);
                    part.rows.push(row);
                    continue;
                }
                let parsed = std::str::from_utf8(line)
                    .map_err(|e| Unread::Corrupt(e.to_string()))
                    .and_then(|text| {
                        ron::from_str::<Entry>(text).map_err(|error| Unread::of(text, error))
                    });
                let parsed = parsed.and_then(|entry| match problem(&entry) {
                    Some(message) => Err(Unread::Corrupt(message)),
                    None => Ok(entry),
                });
                if let Ok(entry) = &parsed {
                    part.latest = part.latest.max(entry.at());
                }
                match parsed {
                    Ok(Entry::Review {
                        id,
                        item,
                        at,
                        rating,
                        ms,
                        ..
                    }) => part.rows.push(ReviewRow {
                        id: Cow::Owned(id),
                        item_hash: hash(item.as_str()),
                        item: Cow::Owned(item.as_str().to_string()),
                        at,
                        rating,
                        ms,
                    }),
                    Ok(Entry::Undo { review, .. }) => part.undone.push(review),
                    Ok(
                        entry @ (Entry::StudyMore { .. }
                        | Entry::Mark { .. }
                        | Entry::Carry { .. }
                        | Entry::HideDeck { .. }
                        | Entry::Parameters { .. }
                        | Entry::Spread { .. }),
                    ) => part.entries.push(entry),
                    Err(Unread::Corrupt(message)) => part.corrupt.push(CorruptLine {
                        source,
                        line: index + 1,
                        message,
                    }),
                    Err(Unread::UnknownKind(kind)) => part.unknown.push(UnknownLine {
                        source,
                        line: index + 1,
                        kind,
                    }),
                }
            }
            part
        })
        .collect();
    let mut rows = Vec::with_capacity(parts.len());
    let mut undone: Vec<String> = Vec::new();
    // Each journal's entries other than answers, in its own order.
    let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); sources.len()];
    let mut corrupt = Vec::new();
    let mut unknown = Vec::new();
    let mut latest = vec![i64::MIN; sources.len()];
    let mut lines_before = vec![0; sources.len()];
    for part in parts {
        let before = lines_before[part.source];
        rows.push((part.source, part.rows));
        undone.extend(part.undone);
        entries[part.source].extend(part.entries);
        corrupt.extend(part.corrupt.into_iter().map(|c| CorruptLine {
            line: before + c.line,
            ..c
        }));
        unknown.extend(part.unknown.into_iter().map(|u| UnknownLine {
            line: before + u.line,
            ..u
        }));
        latest[part.source] = latest[part.source].max(part.latest);
        lines_before[part.source] += part.lines;
    }
    let mut entries = merge_by_time(entries);
    if sources.len() > 1 {
        let mut seen = HashSet::new();
        entries.retain(|entry| seen.insert(entry.id().to_owned()));
    }
    let mut unmatched_undos = 0;
    if !undone.is_empty() {
        undone.sort_unstable();
        undone.dedup();
        let undone: HashSet<&str> = undone.iter().map(String::as_str).collect();
        let mut removed = HashSet::new();
        for (_, part) in &mut rows {
            part.retain(|row| {
                let taken = undone.contains(row.id.as_ref());
                if taken {
                    removed.insert(row.id.clone());
                }
                !taken
            });
        }
        // An undo names the entry it takes back, whatever its kind.
        entries.retain(|entry| {
            let taken = undone.contains(entry.id());
            if taken {
                removed.insert(Cow::Owned(entry.id().to_owned()));
            }
            !taken
        });
        unmatched_undos = undone.len().saturating_sub(removed.len());
    }
    let mut rows = in_time_order(rows, sources.len());
    let (study_more, events) = entries
        .into_iter()
        .partition::<Vec<Entry>, _>(|entry| matches!(entry, Entry::StudyMore { .. }));
    let study_more = study_more.into_iter().filter_map(StudyMore::of).collect();
    carry_rows(&mut rows, &events, hash);
    Replayed {
        rows,
        corrupt,
        unmatched_undos,
        study_more,
        events,
        unknown,
        latest,
    }
}

/// The answers of every journal (each chunk's, with its journal) as one list in time order, then
/// id, each once (an answer in two journals — a sync tool's conflict copy — is one answer): as
/// they are when that is already so (one journal, as written), merged when each journal is in
/// order by itself (several devices), sorted otherwise (a hand-edited or merged journal).
fn in_time_order<'a>(chunks: Vec<(usize, Vec<ReviewRow<'a>>)>, n_sources: usize) -> Rows<'a> {
    use rayon::prelude::*;

    fn key<'r>(row: &'r ReviewRow<'_>) -> (i64, &'r str) {
        (row.at, row.id.as_ref())
    }
    fn ordered<'r, 'a: 'r>(mut rows: impl Iterator<Item = &'r ReviewRow<'a>>) -> bool {
        let Some(mut before) = rows.next() else {
            return true;
        };
        rows.all(|row| {
            let after = key(before) < key(row);
            before = row;
            after
        })
    }
    if ordered(chunks.iter().flat_map(|(_, rows)| rows)) {
        return Rows::new(chunks.into_iter().map(|(_, rows)| rows).collect());
    }
    let mut all: Vec<ReviewRow<'a>>;
    let each_ordered = (0..n_sources).all(|source| {
        ordered(
            chunks
                .iter()
                .filter(|(s, _)| *s == source)
                .flat_map(|(_, rows)| rows),
        )
    });
    if each_ordered {
        // A merge of the journals, each already in order: linear, where a sort is not.
        let total = chunks.iter().map(|(_, rows)| rows.len()).sum();
        let mut by_source: Vec<Vec<Vec<ReviewRow<'a>>>> = vec![Vec::new(); n_sources];
        for (source, rows) in chunks {
            by_source[source].push(rows);
        }
        let mut journals: Vec<_> = by_source
            .into_iter()
            .map(|parts| parts.into_iter().flatten().peekable())
            .collect();
        all = Vec::with_capacity(total);
        loop {
            let first = journals
                .iter_mut()
                .enumerate()
                .filter_map(|(i, journal)| journal.peek().map(|row| (key(row), i)))
                .min()
                .map(|(_, i)| i);
            match first.and_then(|i| journals[i].next()) {
                Some(row) => all.push(row),
                None => break,
            }
        }
    } else {
        all = chunks.into_iter().flat_map(|(_, rows)| rows).collect();
        all.par_sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    }
    all.dedup_by(|b, a| a.id == b.id);
    Rows::new(vec![all])
}

/// Merges each journal's entries by time, keeping each journal's own order (a clock set back
/// leaves an entry before an earlier-dated one of its journal, as it was written); an entry of an
/// earlier journal goes first at the same time.
fn merge_by_time(mut sources: Vec<Vec<Entry>>) -> Vec<Entry> {
    if sources.len() == 1 {
        return sources.pop().unwrap_or_default();
    }
    let total = sources.iter().map(Vec::len).sum();
    let mut merged = Vec::with_capacity(total);
    let mut next: Vec<std::iter::Peekable<std::vec::IntoIter<Entry>>> = sources
        .into_iter()
        .map(|entries| entries.into_iter().peekable())
        .collect();
    loop {
        let earliest = next
            .iter_mut()
            .enumerate()
            .filter_map(|(i, entries)| entries.peek().map(|entry| (entry.at(), i)))
            .min();
        match earliest.and_then(|(_, i)| next[i].next()) {
            Some(entry) => merged.push(entry),
            None => return merged,
        }
    }
}

/// Cuts whole lines into chunks for parallel parsing.
fn line_chunks(whole: &[u8]) -> Vec<&[u8]> {
    let n_chunks = if whole.len() < (1 << 20) {
        1
    } else {
        rayon::current_num_threads().max(1) * 4
    };
    let mut bounds = vec![0];
    for k in 1..n_chunks {
        let guess = (whole.len() * k / n_chunks).max(*bounds.last().unwrap_or(&0));
        match memchr::memchr(b'\n', &whole[guess..]) {
            Some(i) if guess + i + 1 < whole.len() => bounds.push(guess + i + 1),
            _ => break,
        }
    }
    bounds.push(whole.len());
    bounds.windows(2).map(|w| &whole[w[0]..w[1]]).collect()
}

/// What the tests of the journal and its reader share.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::store::entry::StudyMode;

    /// 16 hashes in all: different items with equal hashes, which replay must tell apart by their
    /// ids, happen in every test that replays.
    pub fn few_hashes(item: &str) -> u64 {
        item_hash(item) % 16
    }

    pub fn review(n: i64, rating: Rating) -> Entry {
        Entry::Review {
            id: format!("r{n}"),
            item: ItemId::new("greetings", "hi", crate::deck::Direction::Produce),
            at: 1_000 * n,
            rating,
            ms: 2300,
            mode: StudyMode::Flip,
        }
    }

    /// What replay sees of an entry: id, item, time, rating, time taken.
    pub type Seen = (String, String, i64, Rating, u32);

    pub fn seen(entry: &Entry) -> Seen {
        match entry {
            Entry::Review {
                id,
                item,
                at,
                rating,
                ms,
                ..
            } => (id.clone(), item.to_string(), *at, *rating, *ms),
            _ => unreachable!("only reviews are compared"),
        }
    }

    pub fn rows_of(bytes: &[u8]) -> (Vec<Seen>, Vec<CorruptLine>) {
        let Replayed { rows, corrupt, .. } = replay_rows(bytes, few_hashes);
        let rows = rows
            .into_iter()
            .map(|r| (r.id.into_owned(), r.item.into_owned(), r.at, r.rating, r.ms))
            .collect();
        (rows, corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::store::entry::{StudyMode, new_entry_id};

    #[test]
    fn undo_takes_back_a_review_and_replay_order_is_by_time_then_id() {
        let mut entries = vec![
            review(3, Rating::Good),
            review(1, Rating::Again),
            review(2, Rating::Hard),
        ];
        entries.push(Entry::Undo {
            id: "u1".into(),
            review: "r2".into(),
            at: 2_500,
        });
        let text: String = entries
            .iter()
            .map(|e| format!("{}\n", ron::to_string(e).unwrap()))
            .collect();
        let Replayed {
            rows,
            unmatched_undos: unmatched,
            ..
        } = replay_rows(text.as_bytes(), few_hashes);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_ref()).collect();
        assert_eq!(ids, ["r1", "r3"]);
        assert_eq!(unmatched, 0);
    }

    #[test]
    fn the_fast_line_reader_agrees_with_ron() {
        for rating in Rating::ALL {
            for mode in [
                StudyMode::Flip,
                StudyMode::Type,
                StudyMode::Choice,
                StudyMode::Listen,
            ] {
                let entry = Entry::Review {
                    id: new_entry_id(123),
                    item: ItemId::new(
                        "china_questions",
                        "tones-are-tricky",
                        crate::deck::Direction::Reply,
                    ),
                    at: 1_795_429_167_000,
                    rating,
                    ms: 4_000_000_000,
                    mode,
                };
                let line = ron::to_string(&entry).unwrap();
                let row = fast_row(line.as_bytes(), few_hashes).unwrap();
                let read = (
                    row.id.into_owned(),
                    row.item.into_owned(),
                    row.at,
                    row.rating,
                    row.ms,
                );
                assert_eq!(read, seen(&entry), "{line}");
                assert_eq!(ron::from_str::<Entry>(&line).unwrap(), entry);
            }
        }
        for other in [
            "Review(id: \"a\", item: \"d/c/produce\", at: 1, rating: Good, ms: 1, mode: Flip)",
            "Review(id:\"a\\\"b\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"D/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Undo(id:\"u\",review:\"r\",at:1)",
            // Anything off in the numbers, names or the end goes to RON too.
            "Review(id:\"a\",item:\"d/c/produce\",at:12x3,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:-,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1234567890123456789,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Goodish,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Good,ms:-1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip))",
            "Review(id:\"a\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip",
            "Review(id:\"\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)",
            "Review(id:\"a\",item:\"d/c/produce/x\",at:1,rating:Good,ms:1,mode:Flip)",
        ] {
            assert_eq!(fast_row(other.as_bytes(), few_hashes), None, "{other}");
        }
        let negative = "Review(id:\"a\",item:\"d/c/produce\",at:-5,rating:Easy,ms:0,mode:Type)\r";
        let row = fast_row(negative.as_bytes(), few_hashes).unwrap();
        assert_eq!((row.at, row.rating, row.ms), (-5, Rating::Easy, 0));
        let not_utf8 = b"Review(id:\"a\xff\",item:\"d/c/produce\",at:1,rating:Good,ms:1,mode:Flip)";
        assert_eq!(fast_row(not_utf8, few_hashes), None);
    }

    #[test]
    fn a_large_journal_parses_in_chunks_with_the_right_line_numbers() {
        let mut text = String::new();
        for n in 0..30_000 {
            if n == 12_345 || n == 29_999 {
                text.push_str("not a record\n");
            } else {
                text.push_str(&ron::to_string(&review(n, Rating::Good)).unwrap());
                text.push('\n');
            }
        }
        assert!(text.len() > 1 << 20, "big enough to be chunked");
        let (rows, corrupt) = rows_of(text.as_bytes());
        assert_eq!(rows.len(), 29_998);
        let lines: Vec<usize> = corrupt.iter().map(|c| c.line).collect();
        assert_eq!(lines, [12_346, 30_000]);
        assert_eq!(
            rows[12_345],
            seen(&review(12_346, Rating::Good)),
            "order kept"
        );
    }

    #[test]
    fn undos_and_out_of_order_lines_across_chunks_read_as_in_one_piece() {
        // Chunks are read apart: an undo in the last chunk must still take back a review in the
        // first, and a line out of time order (a merged journal) must still be sorted into place.
        let mut entries: Vec<Entry> = (0..30_000).map(|n| review(n, Rating::Good)).collect();
        // At the same time as r15 (ids then order them), 20,000 lines later.
        if let Entry::Review { at, rating, .. } = &mut entries[20_000] {
            (*at, *rating) = (15_000, Rating::Easy);
        }
        entries.push(Entry::Undo {
            id: "u1".into(),
            review: "r7".into(),
            at: 40_000_000,
        });
        entries.push(Entry::Undo {
            id: "u2".into(),
            review: "r29999".into(),
            at: 40_000_001,
        });
        let text: String = entries
            .iter()
            .map(|e| format!("{}\n", ron::to_string(e).unwrap()))
            .collect();
        assert!(text.len() > 1 << 20, "big enough to be chunked");
        let (rows, corrupt) = rows_of(text.as_bytes());
        assert!(corrupt.is_empty());
        let mut expected: Vec<Seen> = entries
            .iter()
            .filter(|e| matches!(e, Entry::Review { id, .. } if id != "r7" && id != "r29999"))
            .map(seen)
            .collect();
        expected.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
        assert_eq!(rows.len(), 29_998);
        assert_eq!(rows, expected);
        // r7 is gone, so r15 is the 15th; then the merged line.
        assert_eq!(rows[14].0, "r15");
        assert_eq!((rows[15].0.as_str(), rows[15].3), ("r20000", Rating::Easy));
    }

    #[test]
    fn a_hand_edited_line_with_an_invalid_item_is_corrupt_not_a_crash() {
        let text = "Review(id: \"x\", item: \"../../etc/passwd\", at: 1, rating: Good, ms: 1, mode: Flip)\n";
        let Replayed { rows, corrupt, .. } = replay_rows(text.as_bytes(), few_hashes);
        assert!(rows.is_empty());
        assert_eq!(corrupt.len(), 1);
        assert!(
            corrupt[0].message.contains("invalid item id"),
            "{:?}",
            corrupt[0]
        );
    }

    fn line_of(entry: &Entry) -> String {
        format!("{}\n", ron::to_string(entry).unwrap())
    }

    fn answer(id: &str, card: &str, at: i64) -> Entry {
        Entry::Review {
            id: id.into(),
            item: ItemId::new("d", card, crate::deck::Direction::Produce),
            at,
            rating: Rating::Good,
            ms: 1,
            mode: StudyMode::Flip,
        }
    }

    fn carry(id: &str, at: i64, pairs: &[(&str, &str)]) -> Entry {
        let item = |card: &str| ItemId::new("d", card, crate::deck::Direction::Produce);
        Entry::Carry {
            id: id.into(),
            at,
            map: pairs.iter().map(|(o, n)| (item(o), item(n))).collect(),
        }
    }

    #[test]
    fn carries_take_the_reviews_at_or_before_them_chained_in_journal_order() {
        let entries = [
            answer("r1", "a", 10),
            answer("r2", "b", 11),
            answer("r3", "x", 12),
            answer("r4", "y", 13),
            // a → b, and x and y swap, at 20.
            carry("c1", 20, &[("a", "b"), ("x", "y"), ("y", "x")]),
            answer("r5", "a", 20),
            answer("r6", "a", 21),
            // b → c at 30: a's early review, carried to b, goes on to c.
            carry("c2", 30, &[("b", "c"), ("b", "ignored")]),
            answer("r7", "b", 31),
        ];
        let text: String = entries.iter().map(line_of).collect();
        let (rows, corrupt) = rows_of(text.as_bytes());
        assert!(corrupt.is_empty(), "{corrupt:?}");
        let items: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect();
        assert_eq!(
            items,
            [
                ("r1", "d/c/produce"),
                ("r2", "d/c/produce"),
                ("r3", "d/y/produce"),
                ("r4", "d/x/produce"),
                ("r5", "d/c/produce"),
                ("r6", "d/a/produce"),
                ("r7", "d/b/produce"),
            ]
        );
        let Replayed { rows, events, .. } = replay_rows(text.as_bytes(), few_hashes);
        assert_eq!(events.len(), 2);
        for row in &rows {
            assert_eq!(row.item_hash, few_hashes(&row.item), "{row:?}");
        }
    }

    #[test]
    fn an_undo_takes_back_the_entry_it_names_whatever_its_kind() {
        let item = ItemId::new("d", "a", crate::deck::Direction::Produce);
        let mark = Entry::Mark {
            id: "m1".into(),
            at: 2,
            items: vec![item.clone()],
            mark: crate::store::entry::Mark::Suspend,
        };
        let flag = Entry::Mark {
            id: "m2".into(),
            at: 3,
            items: vec![item],
            mark: crate::store::entry::Mark::Flag(7),
        };
        let hide = Entry::HideDeck {
            id: "h1".into(),
            at: 4,
            deck: "d".into(),
            hidden: true,
        };
        let more = StudyMore {
            id: "s1".into(),
            at: 5,
            decks: vec![],
            new: 3,
            ahead_days: 0,
        }
        .entry();
        let undo = |id: &str, of: &str| Entry::Undo {
            id: id.into(),
            review: of.into(),
            at: 9,
        };
        let text: String = [
            answer("r1", "a", 1),
            mark.clone(),
            flag.clone(),
            hide,
            more,
            undo("u1", "m1"),
            undo("u2", "h1"),
            undo("u3", "s1"),
            undo("u4", "r1"),
            undo("u5", "before-these-lines"),
        ]
        .iter()
        .map(line_of)
        .collect();
        let replayed = replay_rows(text.as_bytes(), few_hashes);
        assert!(replayed.rows.is_empty());
        assert_eq!(replayed.events, [flag]);
        assert!(replayed.study_more.is_empty());
        assert_eq!(replayed.unmatched_undos, 1);
        assert!(replayed.corrupt.is_empty());
    }

    fn parameters(id: &str, values: Vec<f32>) -> Entry {
        Entry::Parameters {
            id: id.into(),
            at: 7,
            parameters: values,
            reviews: 1200,
            log_loss: 0.3125,
            rmse: 0.0421,
        }
    }

    #[test]
    fn fitted_parameters_are_read_back_as_written_and_ones_that_cannot_schedule_are_corrupt() {
        let good = parameters("p1", crate::srs::FAST_FORGETTER.to_vec());
        let mut nan = crate::srs::FAST_FORGETTER.to_vec();
        nan[4] = f32::NAN;
        let text: String = [
            line_of(&good),
            line_of(&parameters("p2", vec![0.5; 4])),
            line_of(&parameters("p3", nan)),
        ]
        .concat();
        let replayed = replay_rows(text.as_bytes(), few_hashes);
        assert_eq!(replayed.events, [good]);
        let corrupt: Vec<(usize, &str)> = replayed
            .corrupt
            .iter()
            .map(|c| (c.line, c.message.as_str()))
            .collect();
        assert_eq!(
            corrupt,
            [
                (2, "4 FSRS parameters instead of 21"),
                (3, "FSRS parameter NaN is not a finite number")
            ]
        );
    }

    /// What a talkdeck from before fitted parameters reads: its `Entry` has no `Parameters`, so
    /// the line must be of a kind it does not know — skipped with a warning — not a damaged one.
    #[test]
    fn a_parameters_line_is_an_unknown_kind_to_a_build_that_does_not_know_it() {
        mod older {
            #[derive(Debug, serde::Deserialize)]
            #[allow(dead_code)]
            pub enum Entry {
                Undo { id: String, review: String, at: i64 },
            }
        }
        let line = line_of(&parameters("p1", crate::srs::FAST_FORGETTER.to_vec()));
        assert_eq!(line.lines().count(), 1);
        let line = line.trim_end();
        let error = ron::from_str::<older::Entry>(line).unwrap_err();
        match Unread::of(line, error) {
            Unread::UnknownKind(kind) => assert_eq!(kind, "Parameters"),
            Unread::Corrupt(message) => panic!("read as damaged: {message}"),
        }
    }

    #[test]
    fn the_new_kinds_are_read_back_as_written() {
        use crate::store::entry::Mark;
        let item = ItemId::new("d", "a", crate::deck::Direction::Reply);
        let mut entries: Vec<Entry> = [
            Mark::Suspend,
            Mark::Unsuspend,
            Mark::Bury,
            Mark::Unbury,
            Mark::Flag(0),
            Mark::Flag(7),
        ]
        .into_iter()
        .enumerate()
        .map(|(n, mark)| Entry::Mark {
            id: format!("m{n}"),
            at: n as i64,
            items: vec![item.clone(), item.clone()],
            mark,
        })
        .collect();
        entries.push(carry("c1", 10, &[("a", "b")]));
        entries.push(Entry::HideDeck {
            id: "h1".into(),
            at: 11,
            deck: "d".into(),
            hidden: false,
        });
        let text: String = entries.iter().map(line_of).collect();
        let replayed = replay_rows(text.as_bytes(), few_hashes);
        assert!(replayed.corrupt.is_empty() && replayed.unknown.is_empty());
        assert_eq!(replayed.events, entries);
        assert_eq!(
            line_of(&entries[5]),
            "Mark(id:\"m5\",at:5,items:[\"d/a/reply\",\"d/a/reply\"],mark:Flag(7))\n",
            "one line, as RON writes it"
        );
    }
}
