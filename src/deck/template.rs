//! Phrase templates: `Wow, I really love your {skirt|coat|shoes|hairstyle}!` stands for four phrases.
//!
//! A template is text with choice groups `{a|b|…}`. The English and Chinese sides of a card must have
//! the same number of groups with the same number of alternatives, paired in order, so variant *i*
//! of the English matches variant *i* of the Chinese. Braces cannot be written literally inside
//! `en` and `zh`; other fields are plain text.

/// One piece of a parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Choice(Vec<String>),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// Why a template did not parse; `offset` counts characters from the start of the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub offset: usize,
    pub message: String,
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().enumerate();
        while let Some((offset, c)) = chars.next() {
            match c {
                '{' => {
                    let mut alternatives = vec![String::new()];
                    let mut closed = false;
                    for (inner_offset, inner) in chars.by_ref() {
                        match inner {
                            '}' => {
                                closed = true;
                                break;
                            }
                            '|' => alternatives.push(String::new()),
                            '{' => {
                                return Err(TemplateError {
                                    offset: inner_offset,
                                    message: "'{' inside a choice group".into(),
                                });
                            }
                            other => alternatives
                                .last_mut()
                                .into_iter()
                                .for_each(|a| a.push(other)),
                        }
                    }
                    if !closed {
                        return Err(TemplateError {
                            offset,
                            message: "choice group '{' is not closed with '}'".into(),
                        });
                    }
                    if alternatives.len() < 2 {
                        return Err(TemplateError {
                            offset,
                            message: "a choice group needs at least two alternatives, as in {coat|jacket}"
                                .into(),
                        });
                    }
                    if alternatives.iter().any(|a| a.trim().is_empty()) {
                        return Err(TemplateError {
                            offset,
                            message: "empty alternative in a choice group".into(),
                        });
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Choice(alternatives));
                }
                '}' => {
                    return Err(TemplateError {
                        offset,
                        message: "'}' without a matching '{'".into(),
                    });
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The number of alternatives of each group, in order.
    pub fn shape(&self) -> Vec<usize> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Choice(alternatives) => Some(alternatives.len()),
                Part::Text(_) => None,
            })
            .collect()
    }

    /// How many phrases the template stands for (1 without groups), saturating.
    pub fn n_variants(&self) -> usize {
        self.shape()
            .iter()
            .fold(1usize, |n, &k| n.saturating_mul(k))
    }

    /// Variant `index` (taken modulo [`Template::n_variants`]): groups are digits of a mixed-radix
    /// number, the first group most significant, so variant order is stable and predictable.
    pub fn render(&self, index: usize) -> String {
        let shape = self.shape();
        let n = self.n_variants().max(1);
        let mut rest = index % n;
        let mut digits = vec![0; shape.len()];
        for (digit, &radix) in digits.iter_mut().zip(&shape).rev() {
            *digit = rest % radix;
            rest /= radix;
        }
        let mut out = String::new();
        let mut group = 0;
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Choice(alternatives) => {
                    out.push_str(&alternatives[digits[group]]);
                    group += 1;
                }
            }
        }
        out
    }

    /// Every variant, in index order.
    pub fn variants(&self) -> Vec<String> {
        (0..self.n_variants()).map(|i| self.render(i)).collect()
    }

    /// The template written back (`{a|b}` groups), for export.
    pub fn source(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Choice(alternatives) => {
                    out.push('{');
                    out.push_str(&alternatives.join("|"));
                    out.push('}');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_one_variant() {
        let t = Template::parse("How's it going?").unwrap();
        assert_eq!(t.n_variants(), 1);
        assert_eq!(t.variants(), ["How's it going?"]);
        assert!(t.shape().is_empty());
    }

    #[test]
    fn groups_expand_in_mixed_radix_order() {
        let t = Template::parse("I'm in {IT|finance} at a {big|small} firm").unwrap();
        assert_eq!(t.shape(), [2, 2]);
        assert_eq!(
            t.variants(),
            [
                "I'm in IT at a big firm",
                "I'm in IT at a small firm",
                "I'm in finance at a big firm",
                "I'm in finance at a small firm",
            ]
        );
        assert_eq!(t.render(5), t.render(1), "indices wrap");
        assert_eq!(t.source(), "I'm in {IT|finance} at a {big|small} firm");
    }

    #[test]
    fn malformed_groups_are_rejected_with_their_offset() {
        let cases = [
            ("a {b|c", 2, "not closed"),
            ("a b|c} d", 5, "without a matching"),
            ("{only}", 0, "at least two"),
            ("x {a||b}", 2, "empty alternative"),
            ("{a|{b|c}}", 3, "inside a choice group"),
        ];
        for (text, offset, needle) in cases {
            let err = Template::parse(text).unwrap_err();
            assert_eq!(err.offset, offset, "{text}");
            assert!(err.message.contains(needle), "{text}: {}", err.message);
        }
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let err = Template::parse("哇，我真喜欢你的{裙子|外套").unwrap_err();
        assert_eq!(err.offset, 8);
    }
}
