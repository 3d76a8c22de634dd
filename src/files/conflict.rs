//! The names sync tools give the copies they make when two devices changed one file before they
//! synced: Syncthing's `name.sync-conflict-20261130-101500-ABCDEFG.ext`, Dropbox's and Nextcloud's
//! `name (conflicted copy).ext` or `name (Chris's conflicted copy 2026-11-30).ext`, and the
//! numbered copies of Google Drive, iCloud Drive and Windows, `name (1).ext` and `name 2.ext` — a
//! name an ordinary file may have too, so those are copies only when the caller finds the original
//! is the same thing (a deck with the same id).

/// A file name read as a sync tool's conflict copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictCopy {
    /// The name of the file it is a copy of (`deck.ron`).
    pub original: String,
    /// Whether the name alone says so (Syncthing, Dropbox, Nextcloud); a numbered copy is one only
    /// when the original is the same thing.
    pub certain: bool,
}

/// `name` read as a conflict copy, or `None` for an ordinary name.
pub fn conflict_copy(name: &str) -> Option<ConflictCopy> {
    let (stem, ext) = match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
        _ => (name, ""),
    };
    let copy = |original: &str, certain| {
        let original = original.trim_end();
        (!original.is_empty()).then(|| ConflictCopy {
            original: format!("{original}{ext}"),
            certain,
        })
    };
    if let Some(at) = stem.find(".sync-conflict-") {
        return copy(&stem[..at], true);
    }
    if let Some(open) = stem.rfind(" (")
        && stem.ends_with(')')
    {
        let inside = &stem[open + 2..stem.len() - 1];
        if inside.contains("conflicted copy") || inside.contains("Conflicted copy") {
            return copy(&stem[..open], true);
        }
        if !inside.is_empty() && inside.len() <= 3 && inside.bytes().all(|b| b.is_ascii_digit()) {
            return copy(&stem[..open], false);
        }
    }
    if let Some(space) = stem.rfind(' ') {
        let number = &stem[space + 1..];
        if !number.is_empty()
            && number.len() <= 3
            && number.bytes().all(|b| b.is_ascii_digit())
            && number != "1"
        {
            return copy(&stem[..space], false);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str) -> Option<(String, bool)> {
        conflict_copy(name).map(|c| (c.original, c.certain))
    }

    #[test]
    fn the_sync_tools_conflict_names_are_read_and_ordinary_names_are_not() {
        let sure = |original: &str| Some((original.to_owned(), true));
        let maybe = |original: &str| Some((original.to_owned(), false));
        assert_eq!(
            read("settings.sync-conflict-20261130-101500-ABCDEFG.ron"),
            sure("settings.ron")
        );
        assert_eq!(read("deck (conflicted copy).ron"), sure("deck.ron"));
        assert_eq!(
            read("deck (Chris's conflicted copy 2026-11-30).ron"),
            sure("deck.ron")
        );
        assert_eq!(
            read("my deck (conflicted copy 2026-11-30 101500).ron"),
            sure("my deck.ron")
        );
        assert_eq!(read("deck (1).ron"), maybe("deck.ron"));
        assert_eq!(read("deck 2.ron"), maybe("deck.ron"));
        for ordinary in [
            "deck.ron",
            "week 1.ron",
            "chapter (intro).ron",
            "(1).ron",
            ".sync-conflict-1.ron",
            "jobs-2.ron",
            "year 2026.ron",
        ] {
            assert_eq!(read(ordinary), None, "{ordinary}");
        }
    }
}
