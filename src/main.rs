use clap::Parser;

/// mimalloc: the syntax trees are many small allocations; glibc's malloc
/// was a third of the parser's time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A panic is a bug: print one short line instead of a raw backtrace
    // (unless RUST_BACKTRACE asks for one). Panics inside the engine are
    // caught and reported as CX006 with exit code 2.
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!("cxlint: internal error{at}: {msg} (this is a bug; please report it)");
        }));
    }
    let cli = cxlint::cli::Cli::parse();
    std::process::exit(cxlint::app::run(cli));
}
