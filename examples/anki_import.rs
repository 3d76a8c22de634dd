//! Times importing an Anki export whose notes all have the same front: the id of each repeated
//! card is numbered (`how-are-you-2`, `-3`, …), which once cost a search over every number taken.
//! `cargo run --release --example anki_import -- [NOTES] [RUNS]` (20,000 notes, 3 runs by default).

use std::time::Instant;

use talkdeck::deck;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let mut text = String::from("#separator:tab\n#html:true\n");
    for i in 0..n {
        text.push_str(&format!("How are you?\t你好吗？（第 {i} 张）\n"));
    }
    for _ in 0..runs {
        let started = Instant::now();
        let import = deck::from_tsv(&text, "same.txt", None, None).expect("the export imports");
        let ms = started.elapsed().as_secs_f64() * 1e3;
        let cards = &import.decks[0].cards;
        println!(
            "notes={n} bytes={} import_ms={ms:.1} last_id={}",
            text.len(),
            cards[cards.len() - 1].id
        );
    }
}
