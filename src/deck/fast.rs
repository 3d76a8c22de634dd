//! A fast reader for the common shape of deck files.
//!
//! RON's general-purpose parser reads about 60 MB/s here, too slow for a 10,000-card deck to open in
//! 50 ms. This reader accepts a strict subset of RON for exactly the deck schema — `Deck(…)` and
//! `Card(…)` (names optional), the known fields once each, plain strings with the common escapes,
//! `Some(…)`/`None`/bare optional strings, lists, `//` and non-nested `/* */` comments — and returns
//! `None` on anything else. The caller then parses with RON, which stays the authority: it reports
//! every error and accepts every other valid file. So this reader only has to be right when it says
//! yes, and a property test checks that it then agrees with RON.

use super::model::{Card, Deck};

/// The deck, if `text` is in the subset this reader knows; `None` means "ask RON".
pub(crate) fn parse(text: &str) -> Option<Deck> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let deck = reader.deck()?;
    reader.skip()?;
    (reader.pos == reader.bytes.len()).then_some(deck)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments; `None` on a nested or unterminated block comment.
    fn skip(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let rest = &self.bytes[self.pos + 2..];
                    let end = rest.windows(2).position(|w| w == b"*/")?;
                    if rest[..end].windows(2).any(|w| w == b"/*") {
                        return None;
                    }
                    self.pos += 2 + end + 2;
                }
                _ => return Some(()),
            }
        }
    }

    fn eat(&mut self, byte: u8) -> Option<bool> {
        self.skip()?;
        if self.peek() == Some(byte) {
            self.pos += 1;
            Some(true)
        } else {
            Some(false)
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte)?.then_some(())
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.skip()?;
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.pos += 1,
            _ => return None,
        }
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        // A raw identifier `r#x` or raw string `r"…"` is for RON.
        if matches!(self.peek(), Some(b'#' | b'"')) {
            return None;
        }
        self.text.get(start..self.pos)
    }

    /// `Name(` or `(`: an optional struct name, which must be `name`, then the opening paren.
    fn open_struct(&mut self, name: &str) -> Option<()> {
        self.skip()?;
        if self.peek() != Some(b'(') && self.ident()? != name {
            return None;
        }
        self.expect(b'(')
    }

    /// After a value: a comma, or the closing `close`. Returns whether the group closed.
    fn comma_or_close(&mut self, close: u8) -> Option<bool> {
        if self.eat(b',')? {
            return self.eat(close);
        }
        self.expect(close).map(|()| true)
    }

    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            // Jump to the next quote or backslash; the run before it is copied as it is.
            let run = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..])?;
            let end = self.pos + run;
            // Raw control characters in a string are legal RON but rare: leave them to RON.
            if self.bytes[self.pos..end]
                .iter()
                .any(|&b| b < 0x20 || b == 0x7f)
            {
                return None;
            }
            // Both ends are ASCII bytes, so the slice lies on character boundaries.
            out.push_str(self.text.get(self.pos..end)?);
            self.pos = end + 1;
            if self.bytes[end] == b'"' {
                return Some(out);
            }
            let escaped = match self.peek()? {
                b'"' => '"',
                b'\\' => '\\',
                b'\'' => '\'',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                b'u' => {
                    self.pos += 1;
                    if self.peek()? != b'{' {
                        return None;
                    }
                    let rest = &self.bytes[self.pos + 1..];
                    let close = rest.iter().position(|&c| c == b'}')?;
                    let hex = self.text.get(self.pos + 1..self.pos + 1 + close)?;
                    if hex.is_empty()
                        || hex.len() > 6
                        || !hex.bytes().all(|c| c.is_ascii_hexdigit())
                    {
                        return None;
                    }
                    self.pos += close + 1;
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            };
            out.push(escaped);
            self.pos += 1;
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        if self.eat(b']')? {
            return Some(out);
        }
        loop {
            out.push(self.string()?);
            if self.comma_or_close(b']')? {
                return Some(out);
            }
        }
    }

    /// `"text"` (implicit `Some`), `Some("text")` or `None`.
    fn optional_string(&mut self) -> Option<Option<String>> {
        self.skip()?;
        if self.peek() == Some(b'"') {
            return self.string().map(Some);
        }
        match self.ident()? {
            "None" => Some(None),
            "Some" => {
                self.expect(b'(')?;
                let text = self.string()?;
                self.expect(b')')?;
                Some(Some(text))
            }
            _ => None,
        }
    }

    fn number(&mut self) -> Option<u32> {
        self.skip()?;
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        if self.pos == start
            || matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return None;
        }
        self.text.get(start..self.pos)?.parse().ok()
    }

    fn deck(&mut self) -> Option<Deck> {
        let (mut format, mut id, mut name, mut name_zh, mut description, mut description_zh) =
            (None, None, None, None, None, None);
        let mut cards = None;
        self.fields("Deck", |p, key| {
            match key {
                "format" if format.is_none() => format = Some(p.number()?),
                "id" if id.is_none() => id = Some(p.string()?),
                "name" if name.is_none() => name = Some(p.string()?),
                "name_zh" if name_zh.is_none() => name_zh = Some(p.string()?),
                "description" if description.is_none() => description = Some(p.string()?),
                "description_zh" if description_zh.is_none() => description_zh = Some(p.string()?),
                "cards" if cards.is_none() => cards = Some(p.cards()?),
                _ => return None,
            }
            Some(())
        })?;
        Some(Deck {
            format: format?,
            id: id?,
            name: name?,
            name_zh: name_zh.unwrap_or_default(),
            description: description.unwrap_or_default(),
            description_zh: description_zh.unwrap_or_default(),
            cards: cards?,
        })
    }

    /// Reads a struct `name( key: value, … )` (the name may be left out), handing each key to
    /// `field`, which reads its value; an unknown or repeated key is `None` from `field`.
    fn fields(
        &mut self,
        name: &str,
        mut field: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.open_struct(name)?;
        if self.eat(b')')? {
            return Some(());
        }
        loop {
            let key = self.ident()?;
            self.expect(b':')?;
            field(self, key)?;
            if self.comma_or_close(b')')? {
                return Some(());
            }
        }
    }

    fn cards(&mut self) -> Option<Vec<Card>> {
        self.expect(b'[')?;
        let mut cards = Vec::new();
        if self.eat(b']')? {
            return Some(cards);
        }
        loop {
            cards.push(self.card()?);
            if self.comma_or_close(b']')? {
                return Some(cards);
            }
        }
    }

    fn card(&mut self) -> Option<Card> {
        let (mut id, mut en, mut zh, mut situation, mut also, mut replies, mut notes, mut tags) =
            (None, None, None, None, None, None, None, None);
        let mut audio = None;
        self.fields("Card", |p, key| {
            match key {
                "id" if id.is_none() => id = Some(p.string()?),
                "en" if en.is_none() => en = Some(p.string()?),
                "zh" if zh.is_none() => zh = Some(p.string()?),
                "situation" if situation.is_none() => situation = Some(p.optional_string()?),
                "also" if also.is_none() => also = Some(p.strings()?),
                "replies" if replies.is_none() => replies = Some(p.strings()?),
                "notes" if notes.is_none() => notes = Some(p.optional_string()?),
                "tags" if tags.is_none() => tags = Some(p.strings()?),
                "audio" if audio.is_none() => audio = Some(p.optional_string()?),
                _ => return None,
            }
            Some(())
        })?;
        Some(Card {
            id: id?,
            en: en?,
            zh: zh?,
            situation: situation.flatten(),
            also: also.unwrap_or_default(),
            replies: replies.unwrap_or_default(),
            notes: notes.flatten(),
            tags: tags.unwrap_or_default(),
            audio: audio.flatten(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_shape_with_comments_and_escapes() {
        let text = r#"// header
Deck(
    format: 1, id: "d", name: "D \"quoted\" \u{4f60}",
    cards: [
        Card(id: "a", en: "Hi", zh: "你好", situation: Some("x\ny"), notes: None, tags: [],),
        /* plain */ (id: "b", en: "Yo", zh: "哟", also: ["Yo!"], replies: ["Hey!", "Sup?"], notes: "bare"),
    ],
)
"#;
        let deck = parse(text).unwrap();
        assert_eq!(deck.name, "D \"quoted\" 你");
        assert_eq!(deck.cards[0].situation.as_deref(), Some("x\ny"));
        assert_eq!(deck.cards[1].notes.as_deref(), Some("bare"));
        assert_eq!(deck.cards[1].replies, ["Hey!", "Sup?"]);
        assert_eq!(deck.cards[1].also, ["Yo!"]);
        let ron: Deck = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap();
        assert_eq!(deck, ron, "the fast reader agrees with RON");
    }

    #[test]
    fn leaves_everything_unusual_to_ron() {
        let unusual = [
            "#![enable(implicit_some)]\nDeck(format: 1, id: \"d\", name: \"D\", cards: [])",
            "Deck(format: 1, id: r\"d\", name: \"D\", cards: [])",
            "Deck(format: 0x1, id: \"d\", name: \"D\", cards: [])",
            "Deck(format: 1, id: \"d\", id: \"e\", name: \"D\", cards: [])",
            "Deck(format: 1, id: \"d\", name: \"D\", cards: [], extra: 1)",
            "Deck(format: 1, id: \"d\", cards: [])",
            "Deck(format: 1, id: \"d\", name: \"a\\x41\", cards: [])",
            "Deck(format: 1, id: \"d\", name: \"line\nbreak\", cards: [])",
            "Deck(format: 1, id: \"d\", name: \"D\", cards: []) /* a /* nested */ */",
            "Other(format: 1, id: \"d\", name: \"D\", cards: [])",
            "Deck(format: 1, id: \"d\", name: \"D\", cards: []) trailing",
        ];
        for text in unusual {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
