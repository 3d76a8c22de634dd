//! British and American spellings: both are right. An explicit table of pairs (British first),
//! inflected forms included, rather than suffix rules: `-our` → `-or` would also turn *four* and
//! *hour* into nonsense. The decks are written in American spelling; a learner taught British
//! spelling is not marked wrong for it.

/// `(British, American)`, in lower case.
pub(crate) const PAIRS: &[(&str, &str)] = &[
    ("favourite", "favorite"),
    ("favourites", "favorites"),
    ("favour", "favor"),
    ("favours", "favors"),
    ("colour", "color"),
    ("colours", "colors"),
    ("coloured", "colored"),
    ("colourful", "colorful"),
    ("flavour", "flavor"),
    ("flavours", "flavors"),
    ("flavoured", "flavored"),
    ("honour", "honor"),
    ("honoured", "honored"),
    ("humour", "humor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("neighbours", "neighbors"),
    ("neighbourhood", "neighborhood"),
    ("behaviour", "behavior"),
    ("harbour", "harbor"),
    ("rumour", "rumor"),
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("theatres", "theaters"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("kilometre", "kilometer"),
    ("kilometres", "kilometers"),
    ("litre", "liter"),
    ("litres", "liters"),
    ("fibre", "fiber"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("traveller", "traveler"),
    ("travellers", "travelers"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("labelled", "labeled"),
    ("modelling", "modeling"),
    ("jewellery", "jewelry"),
    ("realise", "realize"),
    ("realised", "realized"),
    ("realises", "realizes"),
    ("recognise", "recognize"),
    ("recognised", "recognized"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("organiser", "organizer"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("apologise", "apologize"),
    ("apologised", "apologized"),
    ("specialise", "specialize"),
    ("specialised", "specialized"),
    ("specialises", "specializes"),
    ("socialise", "socialize"),
    ("socialising", "socializing"),
    ("customise", "customize"),
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("memorise", "memorize"),
    ("practise", "practice"),
    ("practised", "practiced"),
    ("practising", "practicing"),
    ("licence", "license"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("catalogue", "catalog"),
    ("dialogue", "dialog"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("cheque", "check"),
    ("grey", "gray"),
    ("pyjamas", "pajamas"),
    ("enrol", "enroll"),
    ("fulfil", "fulfill"),
    ("mum", "mom"),
];

/// The American spelling of `word` (lower case), if it is a British spelling in the table.
pub(crate) fn american(word: &str) -> Option<&'static str> {
    PAIRS
        .iter()
        .find(|(british, _)| *british == word)
        .map(|(_, american)| *american)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_lower_case_one_way_and_without_repeats() {
        let mut british: Vec<&str> = PAIRS.iter().map(|(b, _)| *b).collect();
        british.sort_unstable();
        british.dedup();
        assert_eq!(
            british.len(),
            PAIRS.len(),
            "a British spelling listed twice"
        );
        for (b, a) in PAIRS {
            assert_eq!(*b, b.to_lowercase());
            assert_eq!(*a, a.to_lowercase());
            assert_ne!(b, a);
            assert!(
                american(a).is_none(),
                "{a} is both an American and a British spelling"
            );
        }
    }
}
