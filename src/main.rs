fn main() {
    let path = std::env::args().nth(2).expect("usage: lss-sim validate FILE");
    match lss_sim::scenario::load(std::path::Path::new(&path)) {
        Ok(s) => println!("{}", toml::to_string_pretty(&s).unwrap_or_else(|e| format!("{e}"))),
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(s) = e.snippet() { eprintln!("{s}"); }
            std::process::exit(2);
        }
    }
}
