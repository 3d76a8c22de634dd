//! A program run with its arguments, never through a shell: a custom command is split into words
//! first (quotes group, as a shell would), and the placeholders are filled inside each word, so a
//! phrase such as `"; rm -rf ~` is one argument whatever it holds.

use std::ffi::OsString;
use std::path::PathBuf;

/// One run of a program: its arguments, its environment additions, and what it reads on stdin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// Added to the inherited environment (PowerShell's script reads its values from here).
    pub env: Vec<(String, OsString)>,
    /// Written to the program's standard input, which is then closed.
    pub stdin: Option<String>,
}

impl Invocation {
    pub fn new(program: impl Into<PathBuf>) -> Invocation {
        Invocation {
            program: program.into(),
            ..Invocation::default()
        }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Invocation {
        self.args.push(arg.into());
        self
    }

    pub fn env(mut self, key: &str, value: impl Into<OsString>) -> Invocation {
        self.env.push((key.to_owned(), value.into()));
        self
    }

    pub fn stdin(mut self, text: &str) -> Invocation {
        self.stdin = Some(text.to_owned());
        self
    }

    /// The command as a person would type it, for log lines and Settings.
    pub fn display(&self) -> String {
        let mut out = self.program.display().to_string();
        for arg in &self.args {
            out.push(' ');
            let arg = arg.to_string_lossy();
            if arg.is_empty() || arg.contains(char::is_whitespace) {
                out.push_str(&format!("{arg:?}"));
            } else {
                out.push_str(&arg);
            }
        }
        out
    }
}

/// The placeholders a custom command may hold.
pub const PLACEHOLDERS: [&str; 4] = ["{text}", "{voice}", "{rate}", "{wav}"];

/// The values a custom command's placeholders are filled with.
#[derive(Clone, Debug, Default)]
pub struct Fill<'a> {
    pub text: &'a str,
    pub voice: &'a str,
    /// Words per minute, as text.
    pub rate: &'a str,
    /// The file to write, when the command writes one.
    pub wav: Option<&'a std::path::Path>,
}

/// Splits a command line into words: whitespace separates them; `'…'` keeps everything inside;
/// `"…"` keeps everything inside but `\"` and `\\`; a backslash elsewhere is itself (so a Windows
/// path such as `C:\piper\piper.exe` needs no quoting).
pub fn split_command(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a ' quote is not closed".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if matches!(chars.peek(), Some('"' | '\\')) => {
                            word.extend(chars.next());
                        }
                        Some(c) => word.push(c),
                        None => return Err("a \" quote is not closed".to_owned()),
                    }
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// What is wrong with a custom command, if anything: empty, a quote not closed, or a `{name}`
/// that is not one of [`PLACEHOLDERS`]. `needs` are the placeholders it must hold (a player or
/// recorder needs `{wav}`).
pub fn command_problem(line: &str, needs: &[&str]) -> Option<String> {
    let words = match split_command(line) {
        Ok(words) => words,
        Err(problem) => return Some(problem),
    };
    if words.is_empty() {
        return Some("the command is empty".to_owned());
    }
    for word in &words {
        let mut rest = word.as_str();
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open..open + len + 1];
            if !PLACEHOLDERS.contains(&name) {
                return Some(format!(
                    "{name} is not a placeholder: use {}",
                    PLACEHOLDERS.join(", ")
                ));
            }
            rest = &rest[open + len + 1..];
        }
    }
    needs
        .iter()
        .find(|need| !words.iter().any(|w| w.contains(*need)))
        .map(|need| format!("the command needs {need}"))
}

/// Whether a command line holds `placeholder` in any word.
pub fn has_placeholder(words: &[String], placeholder: &str) -> bool {
    words.iter().any(|w| w.contains(placeholder))
}

/// One word with its placeholders filled in a single pass: what a value holds (a phrase with
/// `{wav}` in it) is never read again as a placeholder.
fn fill_word(word: &str, fill: &Fill, wav: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let value = [
            ("{text}", fill.text),
            ("{voice}", fill.voice),
            ("{rate}", fill.rate),
            ("{wav}", wav),
        ]
        .into_iter()
        .find(|(name, _)| rest.starts_with(name));
        match value {
            Some((name, value)) => {
                out.push_str(value);
                rest = &rest[name.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The invocation of a split command with its placeholders filled. Without `{text}`, the text is
/// written to the program's standard input (Piper reads it there).
pub fn fill(words: &[String], fill: &Fill) -> Option<Invocation> {
    let (program, args) = words.split_first()?;
    let wav = fill
        .wav
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut invocation = Invocation::new(program);
    for arg in args {
        // The path as an OsString when it is the whole word, so it is never mangled.
        invocation = match (arg.as_str(), fill.wav) {
            ("{wav}", Some(path)) => invocation.arg(path.as_os_str()),
            _ => invocation.arg(fill_word(arg, fill, &wav)),
        };
    }
    if !has_placeholder(words, "{text}") {
        invocation = invocation.stdin(fill.text);
    }
    Some(invocation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_as_a_shell_would_without_a_shell() {
        assert_eq!(
            split_command(r#"piper --model "/my voices/en.onnx" --output_file {wav}"#).unwrap(),
            [
                "piper",
                "--model",
                "/my voices/en.onnx",
                "--output_file",
                "{wav}"
            ]
        );
        assert_eq!(
            split_command(r#"C:\piper\piper.exe -m 'a "b"' "say \"hi\"""#).unwrap(),
            [r"C:\piper\piper.exe", "-m", r#"a "b""#, r#"say "hi""#]
        );
        assert_eq!(split_command("  ").unwrap(), Vec::<String>::new());
        assert_eq!(split_command("a ''").unwrap(), ["a", ""]);
        assert!(split_command("say 'hi").is_err());
        assert!(split_command("say \"hi").is_err());
    }

    #[test]
    fn placeholders_are_filled_inside_one_argument_each() {
        let words = split_command("tts --voice={voice} -r {rate} -t {text} -o {wav}").unwrap();
        let wav = std::path::Path::new("/cache/a b.wav");
        let text = "\"; rm -rf ~ $(touch x) {wav}";
        let run = fill(
            &words,
            &Fill {
                text,
                voice: "en-us",
                rate: "165",
                wav: Some(wav),
            },
        )
        .unwrap();
        assert_eq!(run.program, PathBuf::from("tts"));
        let args: Vec<_> = run.args.iter().map(|a| a.to_str().unwrap()).collect();
        // The phrase's own `{wav}` is text: a value is never read again as a placeholder.
        assert_eq!(
            args,
            [
                "--voice=en-us",
                "-r",
                "165",
                "-t",
                "\"; rm -rf ~ $(touch x) {wav}",
                "-o",
                "/cache/a b.wav"
            ]
        );
        assert_eq!(run.stdin, None);
        // No {text}: the phrase goes to stdin.
        let piper = fill(
            &split_command("piper -f {wav}").unwrap(),
            &Fill {
                text: "Hi!",
                wav: Some(wav),
                ..Fill::default()
            },
        )
        .unwrap();
        assert_eq!(piper.stdin.as_deref(), Some("Hi!"));
    }

    #[test]
    fn a_command_is_checked_before_it_is_used() {
        assert_eq!(command_problem("piper -f {wav}", &["{wav}"]), None);
        assert_eq!(
            command_problem("  ", &[]).as_deref(),
            Some("the command is empty")
        );
        assert_eq!(
            command_problem("play {file}", &[]).as_deref(),
            Some("{file} is not a placeholder: use {text}, {voice}, {rate}, {wav}")
        );
        assert_eq!(
            command_problem("play", &["{wav}"]).as_deref(),
            Some("the command needs {wav}")
        );
        assert!(
            command_problem("say 'x", &[])
                .unwrap()
                .contains("not closed")
        );
    }
}
