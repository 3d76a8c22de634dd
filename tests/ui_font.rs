//! The bundled CJK font covers what talkdeck shows: every character of the built-in decks and of
//! both label sets, the 3,755 level-1 GB2312 characters, and CJK punctuation and full-width forms.

use skrifa::MetadataProvider;
use talkdeck::deck::BUILT_IN;
use talkdeck::ui::{CJK_FONT, EN, TITLE, ZH};

fn missing(text: &str) -> Vec<char> {
    let font = skrifa::FontRef::new(CJK_FONT).expect("the bundled font parses");
    let charmap = font.charmap();
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() && charmap.map(*c).is_none())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    missing
}

#[test]
fn every_character_of_the_built_in_decks_is_in_the_font() {
    for (name, text) in BUILT_IN {
        assert_eq!(missing(text), Vec::<char>::new(), "{name}");
    }
}

#[test]
fn every_label_in_both_languages_is_in_the_font() {
    let labels: String = EN
        .all()
        .into_iter()
        .chain(ZH.all())
        .chain([TITLE])
        .collect();
    // A label's symbol (🔊, 🐢, 🎙) may come from egui's emoji font, after the CJK font.
    let defs = talkdeck::ui::font_definitions();
    let fonts: Vec<skrifa::FontRef<'_>> = defs
        .font_data
        .values()
        .map(|data| {
            skrifa::FontRef::new((*data.font).as_ref()).expect("a font the app installs parses")
        })
        .collect();
    let uncovered: Vec<char> = missing(&labels)
        .into_iter()
        .filter(|c| fonts.iter().all(|f| f.charmap().map(*c).is_none()))
        .collect();
    assert_eq!(uncovered, Vec::<char>::new());
    // Letters and Chinese are all in the bundled CJK font itself.
    assert!(
        missing(&labels).iter().all(|c| !c.is_alphanumeric()),
        "{:?}",
        missing(&labels)
    );
}

#[test]
fn the_font_covers_gb2312_level_1_ascii_and_cjk_punctuation() {
    // The subset's character list (`assets/fonts/subset.py`) holds GB2312 level 1 (3,755
    // ideographs), the decks' and labels' characters, and whole ranges of punctuation of which Noto
    // itself lacks a few (U+2017, U+FF00 …). Every ideograph, CJK punctuation mark and full-width
    // form in it must be in the font.
    let list = include_str!("../assets/fonts/subset-chars.txt");
    let wanted: String = list
        .chars()
        .filter(|&c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c)
                || ('\u{3000}'..='\u{303f}').contains(&c)
                || ('\u{ff01}'..='\u{ff5e}').contains(&c)
        })
        .collect();
    assert!(
        wanted
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count()
            >= 3_755,
        "GB2312 level 1 is in the list"
    );
    assert_eq!(missing(&wanted), Vec::<char>::new());
    let ascii: String = (0x20u8..0x7f).map(char::from).collect();
    assert_eq!(missing(&ascii), Vec::<char>::new());
    assert_eq!(
        missing("，。、；：？！“”‘’（）《》【】…—·"),
        Vec::<char>::new()
    );
    assert_eq!(missing("ＡＢＣ１２３！？"), Vec::<char>::new());
    for c in ['啊', '阿', '座', '做', '的', '是', '你', '好', '谢'] {
        assert_eq!(missing(&c.to_string()), Vec::<char>::new(), "{c}");
    }
}

/// Symbols a deck author or a learner may well use, and the common emoji, render with the fonts
/// the app installs: egui_kittest fails on a missing glyph.
#[test]
fn circled_numbers_symbols_and_common_emoji_render() {
    let text = "①②③⑩⑳ ← → ↑ ↓ ✓ ★ ☆ ♪ ※ ○ ● \
                😀😃😄😁😆😅😂🤣🙂🙃😉😊😇😍😘😋😛😜🤔🤗😎😢😭😡🤝👍👎👏🙏👋💪❤💕💯🎉✨🔥⭐\
                ☕🍜🍺🍵🥟🎂🎁🌟☀🚇🚌✈🏠📱💼📚✅❌⚠";
    let mut harness = egui_kittest::Harness::builder()
        .with_context_setup(talkdeck::ui::install_fonts)
        .build_ui(|ui| {
            ui.label(text);
        });
    harness.run();
    use egui_kittest::kittest::Queryable;
    harness.get_by_label(text);
}

/// Chinese punctuation (！？，（）) is drawn by the Chinese font, as the characters beside it are:
/// not by an emoji font earlier in the list, which draws it heavier and wider.
#[test]
fn chinese_punctuation_comes_from_the_chinese_font() {
    let defs = talkdeck::ui::font_definitions();
    let order = &defs.families[&eframe::egui::FontFamily::Proportional];
    for c in ['！', '？', '，', '（', '）', '：', '。', '、'] {
        let first = order
            .iter()
            .find(|name| {
                let data = &defs.font_data[*name];
                skrifa::FontRef::new((*data.font).as_ref())
                    .is_ok_and(|f| f.charmap().map(c).is_some())
            })
            .unwrap();
        assert!(first.contains("CJK"), "{c:?} is drawn by {first}");
    }
}
