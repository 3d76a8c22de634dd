//! A deck problem in the interface's language. The English words are the checker's own
//! ([`Problem::message`], what `talkdeck check` prints); the Chinese are given here for what the
//! checker says most ([`Said`]), and anything else stays in English.

use crate::deck::{IdKind, MAX_STRING_CHARS, MAX_VARIANTS, Problem, Said};
use crate::store::Language;
use crate::ui::i18n::labels;

/// `problem`, as the learner reads it.
pub fn problem_text(problem: &Problem, language: Language) -> String {
    match language {
        Language::English => problem.message.clone(),
        Language::Chinese => chinese(problem).unwrap_or_else(|| problem.message.clone()),
    }
}

/// A field's name in Chinese: its label on the form, without the hint after `·`.
fn field_zh(field: &str) -> &'static str {
    let zh = labels(Language::Chinese);
    let label = match field {
        "en" => zh.field_en,
        "zh" => zh.field_zh,
        "situation" => zh.field_situation,
        "replies" => zh.field_replies,
        "also" => zh.field_also,
        "notes" => zh.field_notes,
        "tags" => zh.field_tags,
        "name" => zh.deck_name,
        "name_zh" => zh.deck_name_zh,
        "description" => zh.description,
        "description_zh" => zh.description_zh,
        _ => zh.deck_id,
    };
    label.split(" · ").next().unwrap_or(label)
}

fn chinese(problem: &Problem) -> Option<String> {
    let field = field_zh(problem.field);
    let groups = |sizes: &[usize]| match sizes {
        [] => "没有可替换部分".to_owned(),
        _ => format!(
            "有 {} 组可替换部分（{}）",
            sizes.len(),
            sizes
                .iter()
                .map(|n| format!("{n} 个选项"))
                .collect::<Vec<_>>()
                .join("、")
        ),
    };
    Some(match &problem.said {
        Said::Empty => format!("{field}不能为空"),
        Said::TooLong { chars } => {
            format!("{field}有 {chars} 个字符，最多只能有 {MAX_STRING_CHARS} 个")
        }
        Said::Forbidden { code, control } => format!(
            "{field}里有一个{}（U+{code:04X}），请把它删掉",
            if *control {
                "控制字符"
            } else {
                "文字方向控制符"
            }
        ),
        Said::BadId { what, id } => format!(
            "{}“{id}”只能用 1 到 64 个小写字母、数字、- 和 _",
            match what {
                IdKind::Deck => "卡组 id",
                IdKind::Card => "卡片 id",
                IdKind::Tag => "标签",
            }
        ),
        Said::DuplicateId { id } => format!("卡片 id“{id}”已经被另一张卡片用了"),
        Said::GroupsMismatch { zh, en } => format!(
            "中文的可替换部分和英语的对不上：英语{}，中文{}。每个 {{…|…}} 组都要在另一边有一个选项\
             一样多、顺序相同的组",
            groups(en),
            groups(zh)
        ),
        Said::TooManyVariants { n } => {
            format!("这张卡片有 {n} 种说法，最多只能有 {MAX_VARIANTS} 种")
        }
        Said::Other => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, Deck, problems};

    #[test]
    fn the_commonest_problems_are_said_in_chinese_and_the_rest_in_the_checkers_english() {
        let deck = Deck::new(
            "mine",
            "Mine",
            vec![
                Card::new("hi", "Good {morning|evening}!", "早上好！"),
                Card::new("hi", "", "嗨"),
            ],
        );
        let found = problems(&deck);
        let said: Vec<String> = found
            .iter()
            .map(|p| problem_text(p, Language::Chinese))
            .collect();
        assert_eq!(
            said,
            [
                "中文的可替换部分和英语的对不上：英语有 1 组可替换部分（2 个选项），中文没有可替换部分。\
                 每个 {…|…} 组都要在另一边有一个选项一样多、顺序相同的组",
                "卡片 id“hi”已经被另一张卡片用了",
                "英语不能为空",
            ]
        );
        for problem in &found {
            assert_eq!(problem_text(problem, Language::English), problem.message);
        }
    }
}
