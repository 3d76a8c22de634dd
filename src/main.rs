//! The `talkdeck` binary: everything lives in the library; see `talkdeck::cli`.

fn main() -> std::process::ExitCode {
    talkdeck::cli::main()
}
