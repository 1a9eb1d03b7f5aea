fn main() -> std::process::ExitCode {
    factlint::cli::run()
}
