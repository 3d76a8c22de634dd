//! A field's HTML as card text: tags stripped, line breaks kept, entities decoded, sound and
//! pictures noted.

use super::records::Field;

/// Tags that start a new line when HTML is shown (Anki's list, `text.rs`).
pub(super) const LINE_BREAK_TAGS: &[&str] = &[
    "br",
    "address",
    "article",
    "aside",
    "blockquote",
    "canvas",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "noscript",
    "ol",
    "output",
    "p",
    "pre",
    "section",
    "table",
    "tfoot",
    "tr",
    "ul",
    "video",
];

/// Tags that show a picture or play a sound.
pub(super) const MEDIA_TAGS: &[&str] = &["img", "audio", "video", "object", "source"];

/// HTML as text: tags removed, line-breaking tags made `\n`, comments, styles and scripts dropped,
/// entities decoded. Also says whether there was a picture or sound. A `<` that does not start a
/// tag (`a < b`) is text.
pub(super) fn strip_html(html: &str) -> (String, bool) {
    let mut out = String::with_capacity(html.len());
    let mut media = false;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        if let Some(comment) = tag.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let starts_tag = tag[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(end) = tag.find('>').filter(|_| starts_tag) else {
            out.push('<');
            rest = &tag[1..];
            continue;
        };
        let name: String = tag[1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &tag[end + 1..];
        if !tag.starts_with("</") && (name == "style" || name == "script") {
            let close = format!("</{name}");
            rest = rest
                .to_ascii_lowercase()
                .find(&close)
                .and_then(|at| rest[at..].find('>').map(|end| &rest[at + end + 1..]))
                .unwrap_or("");
            continue;
        }
        if LINE_BREAK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        }
        media |= MEDIA_TAGS.contains(&name.as_str());
    }
    out.push_str(rest);
    (decode_entities(&out), media)
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references; anything else
/// stays as written.
pub(super) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let entity = &rest[at + 1..];
        let decoded = entity
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .and_then(|(end, _)| {
                let name = &entity[..end];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ => {
                        let number = name.strip_prefix('#')?;
                        let value = match number.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                            None => number.parse().ok()?,
                        };
                        char::from_u32(value)
                    }
                };
                c.map(|c| (c, end))
            });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &entity[end + 1..];
            }
            None => {
                out.push('&');
                rest = entity;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One side of a note as card text: its lines (trimmed, spaces collapsed, blank ones dropped), and
/// whether it held a sound or a picture.
pub(super) struct Side {
    pub(super) lines: Vec<String>,
    pub(super) media: bool,
    /// The files of its `[sound:…]` references, in order.
    pub(super) sounds: Vec<String>,
    pub(super) column: usize,
}

pub(super) fn side(field: &Field, html: bool) -> Side {
    let mut media = false;
    let mut sounds = Vec::new();
    let mut text = String::with_capacity(field.text.len());
    let mut rest = field.text.as_str();
    while let Some(at) = rest.find("[sound:") {
        let Some(end) = rest[at..].find(']') else {
            break;
        };
        text.push_str(&rest[..at]);
        text.push(' ');
        sounds.push(rest[at + "[sound:".len()..at + end].trim().to_owned());
        rest = &rest[at + end + 1..];
        media = true;
    }
    text.push_str(rest);
    if html {
        let (stripped, pictures) = strip_html(&text);
        text = stripped;
        media |= pictures;
    }
    let lines = text
        .split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    Side {
        lines,
        media,
        sounds,
        column: field.column,
    }
}
