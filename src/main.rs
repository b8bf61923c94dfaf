use clap::Parser;

fn main() {
    let cli = cxlint::cli::Cli::parse();
    std::process::exit(cxlint::cli::run(cli));
}
