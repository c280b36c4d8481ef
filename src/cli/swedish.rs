//! The command line's own texts in Swedish: `--help` of every command and clap's messages about
//! the command line's syntax (an unknown flag, a missing scenario, a value out of range).
//!
//! clap has no translations, so the Swedish command is the English one with every about, help
//! text, value name and heading replaced ([`command`]), and a syntax error is written anew from
//! clap's structured context ([`message`]) instead of its English sentence. A unit test fails
//! when a command or flag has no Swedish text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// What a command does, in Swedish, by its path (`check erlang`).
fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => {
            "Monte Carlo-simulering för kapacitetsplanering av bostad med särskild service \
             (9 § 9 LSS) i en kommun"
        }
        "run" => "Kör ett scenarios simuleringar och skriv resultaten",
        "validate" => "Kontrollera ett scenario (och visa det sammanslaget efter `extends`)",
        "init" => {
            "Börja för en ny kommun: ett scenario där varje fält förklaras, ett tomt register \
             över boenden och ett tomt starttillstånd, och vad som ska fyllas i först"
        }
        "plot" => {
            "Rita om diagrammen för en färdig körning från dess summary.json, utan att simulera"
        }
        "report" => "Skriv report.html, en rapport för nämnden, från resultaten i en resultatmapp",
        "compare" => "Jämför scenarier med det första, med gemensamma slumptal",
        "sweep" => {
            "Variera en eller två parametrar över ett rutnät och hitta den billigaste punkten \
             som når ett mål"
        }
        "plan" => "Hitta den billigaste utbyggnadsplanen ur en meny av nya boenden som når målen",
        "sensitivity" => {
            "Vilket antagande flyttar svaret: ett tornadodiagram över varje intervall i \
             `[uncertainty]`, och Morris-screening"
        }
        "calibrate" => {
            "Anpassa valda parametrar till scenariots observationer (ABC-förkastelse, \
             gemensamma slumptal)"
        }
        "check" => "Kontrollera motorn mot köteori: Erlang C och B, och Littles lag",
        "check erlang" => "En M/M/c-kö mot Erlang C (eller, med --loss, M/M/c/c mot Erlang B)",
        "check little" => {
            "Littles lag för kön och de belagda platserna i ett scenario, per simulering"
        }
        "bench" => {
            "Mät ett scenarios hastighet på den här datorn: simuleringar/s, händelser/s, \
             uppsnabbning, högsta minnesanvändning"
        }
        "help" => "Visa hjälpen, eller hjälpen för ett kommando",
        _ => return None,
    })
}

/// A flag's or argument's help, in Swedish, by the command's path and the argument's id.
fn help(path: &str, id: &str) -> Option<&'static str> {
    Some(match (path, id) {
        (_, "help") => "Visa hjälpen",
        (_, "version") => "Visa versionen",
        ("help", "command") => "Kommandot att visa hjälpen för",
        ("sweep" | "plan", "scenario") => "Grundscenariot",
        ("sensitivity", "scenario") => {
            "Scenariofilen; dess tabell `[uncertainty]` anger intervallen"
        }
        ("calibrate", "scenario") => "Scenariofilen; parametrarna anpassas till dess observationer",
        (_, "scenario") => "Scenariofilen (TOML)",
        ("compare", "scenarios") => "Referensscenariot, sedan scenarierna som jämförs med det",
        ("init", "dir") => "Den nya mappen (den får inte finnas, eller ska vara tom)",
        ("plot", "output_dir") => {
            "En mapp som `lss-sim run` har skrivit (den innehåller summary.json)"
        }
        ("report", "output_dir") => {
            "En resultatmapp: från `run` (summary.json), `compare`, `plan` eller `sensitivity`"
        }
        ("plan", "plan") => {
            "Planfilen: mål, beslutstidpunkter och menyn av mallar för nya boenden \
             (docs/plan.md)"
        }
        ("check little", "replications") => "Antal simuleringar",
        ("check erlang", "replications") => "Oberoende simuleringar",
        ("bench", "replications") => "Simuleringar per tidtagen körning",
        (_, "replications") => {
            "Antal simuleringar (standard: scenariots; för `compare` referensens; för `sweep` \
             per punkt)"
        }
        ("check", "seed") => "Grundfrö för slumptalen",
        (_, "seed") => {
            "Grundfrö för slumptalen, detsamma för varje scenario eller punkt (standard: \
             scenariots; för `compare` referensens)"
        }
        ("bench", "threads") => {
            "Trådar i den parallella körningen (0 = en per kärna; högst 4 per kärna, 256 \
             totalt); den första körningen använder en"
        }
        (_, "threads") => {
            "Trådar (0 = en per kärna; högst 4 per kärna, 256 totalt). Resultaten beror inte \
             på antalet"
        }
        ("run", "out") => "Resultatmapp (standard: output/SCENARIO)",
        ("compare", "out") => "Resultatmapp (standard: output/compare-REFERENS)",
        ("sweep", "out") => "Resultatmapp (standard: output/sweep-SCENARIO)",
        ("plan", "out") => "Resultatmapp (standard: output/plan-SCENARIO)",
        ("sensitivity", "out") => "Resultatmapp (standard: output/sensitivity-SCENARIO)",
        ("calibrate", "out") => "Resultatmapp (standard: output/calibrate-SCENARIO)",
        (_, "out") => {
            "Resultatmapp (standard: output/SCENARIO för run, output/KOMMANDO-SCENARIO för de \
             andra)"
        }
        (_, "force") => {
            "Ersätt tidigare resultat i resultatmappen (`run` behöver det bara för resultat \
             av ett annat scenario, frö eller antal simuleringar; `compare` och `sweep` för \
             alla tidigare resultat)"
        }
        (_, "quiet") => "Ingen förloppsindikator och ingen sammanfattande tabell",
        (_, "csv_dialect") => {
            "CSV-format: `plain`, eller `excel-sv` för svenskt Excel (semikolon, decimalkomma, \
             BOM)"
        }
        ("init", "lang") => {
            "Språk för filerna och det som skrivs ut: `en` eller `sv` (standard: \
             språkinställningens)"
        }
        ("report", "lang") => "Rapportens språk: `en` eller `sv` (standard: språkinställningens)",
        ("validate", "lang") => {
            "Språk för beskedet och meddelandena: `en` eller `sv` (standard: \
             språkinställningens)"
        }
        ("plot", "lang") => {
            "Språk för diagrammen och meddelandena: `en` eller `sv` (standard: \
             språkinställningens)"
        }
        ("check" | "check erlang" | "check little" | "bench", "lang") => {
            "Språk för utskriften och meddelandena: `en` eller `sv` (standard: \
             språkinställningens)"
        }
        (_, "lang") => {
            "Språk för sammanfattningen, meddelandena, diagrammen och CSV-filernas rubriker och \
             måttnamn: `en` eller `sv` (standard: svenska när språkinställningen är svensk, \
             LC_ALL/LC_MESSAGES/LANG `sv*`)"
        }
        (_, "width") => "Diagrammens bredd i bildpunkter (höjden är 5/8 av den)",
        ("run", "assumption_uncertainty") => {
            "Dra intervallen i `[uncertainty]` på nytt i varje simulering, så att banden visar \
             det som inte är känt om antagandena och inte bara slumpen (varje resultat säger det)"
        }
        ("compare", "assumption_uncertainty") => {
            "Varje scenario drar sina intervall i `[uncertainty]` på nytt i varje simulering; \
             simulering r drar samma värde för en parameter med samma intervall i varje scenario \
             (gemensamma slumptal för antagandena som för slumpen)"
        }
        ("validate", "resolved") => {
            "Skriv också ut scenariot sammanslaget (efter `extends`) som TOML på standard ut; \
             beskedet går då till standard fel, så att `> fil.toml` sparar bara TOML-texten"
        }
        ("compare", "by_profile") => {
            "Jämför också per målgrupp: skriver ut sista årets personer över erbjudandemålet \
             per målgrupp med parvisa skillnader, och skriver compare-profiles.csv"
        }
        ("sweep", "vary") => {
            "En parameter och dess värden: `NYCKEL=V1,V2,...` eller `NYCKEL=START:STOPP:STEG`; \
             NYCKEL är en nyckel i scenariofilen (`applications.growth_per_year`) eller \
             `unit.<id>.places` / `unit.<id>.opens`. En eller två gånger"
        }
        ("sweep", "year") => {
            "Året vars mål bedöms (standard: det sista målåret, horisontens sista)"
        }
        ("sweep", "goal") => "Målet som ska nås",
        ("sweep", "probability") => "Sannolikheten med vilken målet ska nås",
        ("sensitivity", "trajectories") => {
            "Morris-banor i den globala analysen (0 = bara tornadodiagrammet)"
        }
        ("sensitivity", "morris_replications") => {
            "Simuleringar i varje Morris-punkt (standard: 100, eller -n om det är mindre)"
        }
        ("sensitivity", "metrics") => {
            "Ett mått till att analysera utöver nyckeltalen (ett måttnamn i yearly.csv, som \
             wait_to_first_offer_days); kan upprepas"
        }
        ("calibrate", "fit") => {
            "En parameter att anpassa och dess förhandsintervall, `NYCKEL=LÅG:HÖG` (NYCKEL en \
             numerisk nyckel i scenariofilen, som för `sweep --vary`); upprepa för varje parameter"
        }
        ("calibrate", "draws") => "Dragningar av parametrarna ur förhandsintervallen",
        ("calibrate", "per_draw") => {
            "Simuleringar per dragning (samma för varje dragning: gemensamma slumptal)"
        }
        ("calibrate", "accept") => {
            "Andelen par (dragning, simulering) som godtas (ABC-toleransen som en kvantil)"
        }
        ("check erlang", "places") => "Platser c",
        ("check erlang", "arrivals_per_year") => "Beslut per år, λ",
        ("check erlang", "mean_stay_years") => "Genomsnittlig boendetid i år, 1/μ",
        ("check erlang", "wait_days") => {
            "t i P(väntan > t), dagar (standard: den analytiska genomsnittliga väntan, avrundad)"
        }
        ("check erlang", "decisions") => "Beslut per simulering efter insvängningen",
        ("check erlang", "loss") => {
            "Den som inte får en plats går till en extern placering (M/M/c/c, Erlang B)"
        }
        ("check erlang", "short_term") => {
            "I stället korttidsplatsernas förlustsystem: c korttidsplatser, förfrågningar med \
             intensiteten λ, exponentiella vistelser (M/M/c/c, Erlang B)"
        }
        _ => return None,
    })
}

/// A value's placeholder in Swedish (`<ANTAL>`), by the argument's id.
fn value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "scenario" => "SCENARIO",
        "scenarios" => "SCENARIER",
        "replications"
        | "morris_replications"
        | "trajectories"
        | "draws"
        | "per_draw"
        | "decisions" => "ANTAL",
        "seed" => "FRÖ",
        "threads" => "TRÅDAR",
        "out" | "dir" | "output_dir" => "MAPP",
        "csv_dialect" => "FORMAT",
        "lang" => "SPRÅK",
        "width" => "BREDD",
        "vary" => "NYCKEL=VÄRDEN",
        "year" => "ÅR",
        "goal" => "MÅL",
        "probability" => "SANNOLIKHET",
        "plan" => "PLANFIL",
        "metrics" => "MÅTT",
        "fit" => "NYCKEL=LÅG:HÖG",
        "accept" => "ANDEL",
        "places" => "PLATSER",
        "arrivals_per_year" => "BESLUT_PER_ÅR",
        "mean_stay_years" => "ÅR",
        "wait_days" => "DAGAR",
        "command" => "KOMMANDO",
        _ => return None,
    })
}

/// The Swedish command: every text replaced, Swedish help and version flags, Swedish headings,
/// defaults and choices written by us (clap's `[default: ...]` is English), and a usage line
/// without clap's `[OPTIONS]`.
pub fn command(cmd: Command) -> Command {
    // Usage lines are clap's own, rendered from a built copy of the translated command.
    let mut built = translate(cmd.clone(), "");
    built.build();
    let mut usages = Vec::new();
    collect_usages(&mut built, "", &mut usages);
    let mut cmd = translate(cmd, "");
    for (path, usage) in usages {
        cmd = at_path(cmd, &path, |c| c.override_usage(usage));
    }
    cmd
}

/// `f` applied to the subcommand at `path` (space-separated), or to `cmd` itself for "".
fn at_path(cmd: Command, path: &str, f: impl FnOnce(Command) -> Command) -> Command {
    match path.split_once(' ') {
        None if path.is_empty() => f(cmd),
        None => cmd.mut_subcommand(path, f),
        Some((first, rest)) => {
            let rest = rest.to_owned();
            cmd.mut_subcommand(first, move |c| at_path(c, &rest, f))
        }
    }
}

fn collect_usages(cmd: &mut Command, path: &str, out: &mut Vec<(String, String)>) {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    out.push((path.to_owned(), usage.replace("[OPTIONS]", "[FLAGGOR]")));
    for sub in cmd.get_subcommands_mut() {
        let sub_path = join(path, sub.get_name());
        collect_usages(sub, &sub_path, out);
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path} {name}")
    }
}

fn translate(mut cmd: Command, path: &str) -> Command {
    if let Some(a) = about(path) {
        cmd = cmd.about(a).long_about(None::<&str>);
    }
    cmd = cmd
        .help_template(
            "{before-help}{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("Kommandon")
        .subcommand_value_name("KOMMANDO")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help),
        );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        );
        // `lss-sim help [KOMMANDO]`, as clap's own help command, which cannot be translated.
        cmd = cmd.subcommand(
            Command::new("help").arg(
                Arg::new("command")
                    .num_args(0..=2)
                    .action(ArgAction::Append),
            ),
        );
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let path = path.to_owned();
        cmd = cmd.mut_arg(&id, |a| translate_arg(a, &path));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = join(path, &name);
        cmd = cmd.mut_subcommand(&name, |s| translate(s, &sub_path));
    }
    cmd
}

fn translate_arg(mut a: Arg, path: &str) -> Arg {
    let id = a.get_id().to_string();
    let mut text = help(path, &id).unwrap_or_default().to_owned();
    if a.get_action().takes_values() {
        let choices: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !choices.is_empty() {
            text.push_str(&format!(" [möjliga värden: {}]", quoted(&choices)));
        }
        // A choice is a name the user types, so it is quoted as in the messages.
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .map(|v| {
                if choices.contains(&v) {
                    format!("`{v}`")
                } else {
                    v
                }
            })
            .collect();
        if !defaults.is_empty() {
            text.push_str(&format!(" [standard: {}]", defaults.join(", ")));
        }
        if let Some(name) = value_name(&id) {
            a = a.value_name(name);
        }
        a = a.hide_default_value(true).hide_possible_values(true);
    }
    a = a.help(text).long_help(None::<&str>);
    if a.is_positional() {
        a.help_heading("Argument")
    } else {
        a.help_heading("Flaggor")
    }
}

/// clap's error `e` in Swedish, as clap lays it out: the message, tips, the usage line, where
/// to read more.
pub fn message(e: &clap::Error) -> String {
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut tips = Vec::new();
    let first = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("ett värde saknas för `{arg}`"),
        ErrorKind::InvalidValue => {
            let valid = list(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(format!("möjliga värden: {}", quoted(&valid)));
            }
            format!("ogiltigt värde `{value}` för `{arg}`")
        }
        ErrorKind::UnknownArgument => format!("okänt argument `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "okänt kommando `{}`",
                text(ContextKind::InvalidSubcommand).unwrap_or_default()
            )
        }
        ErrorKind::NoEquals => format!("`{arg}` behöver ett `=` före värdet"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| reason(&s.to_string()))
                .unwrap_or_default();
            format!("ogiltigt värde `{value}` för `{arg}`: {why}")
        }
        ErrorKind::TooManyValues => {
            format!("oväntat värde `{value}` för `{arg}`: inga fler värden väntades")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "`{arg}` behöver {} värden men fick {}",
            text(ContextKind::ExpectedNumValues)
                .or_else(|| text(ContextKind::MinValues))
                .unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) if prior != arg => {
                format!("`{arg}` kan inte användas tillsammans med `{prior}`")
            }
            _ => format!("`{arg}` kan bara anges en gång"),
        },
        ErrorKind::MissingRequiredArgument => {
            format!(
                "det här måste anges: {}",
                quoted(&list(ContextKind::InvalidArg))
            )
        }
        ErrorKind::MissingSubcommand => "ett kommando saknas".to_owned(),
        ErrorKind::InvalidUtf8 => "kommandoraden är inte giltig UTF-8".to_owned(),
        _ => "kommandoraden kunde inte tolkas".to_owned(),
    };
    for s in list(ContextKind::SuggestedSubcommand)
        .into_iter()
        .chain(list(ContextKind::SuggestedArg))
        .chain(list(ContextKind::SuggestedValue))
    {
        tips.push(format!("menade du `{s}`?"));
    }
    if let Some(ContextValue::Bool(true)) = e.get(ContextKind::TrailingArg) {
        tips.push(format!("skriv `-- {arg}` för att ge `{arg}` som ett värde"));
    }
    let mut m = format!("fel: {first}\n");
    if !tips.is_empty() {
        m.push('\n');
        for t in tips {
            m.push_str(&format!("  tips: {t}\n"));
        }
    }
    if let Some(usage) = text(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(usage);
        m.push_str(&format!("\nAnvändning: {usage}\n"));
    }
    m.push_str("\nSkriv `--help` för mer information.\n");
    m
}

fn quoted(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a value was refused, from a value parser: ours speak the message language already;
/// the standard library's and clap's range check are translated.
fn reason(s: &str) -> String {
    match s {
        "invalid digit found in string" => return "inget heltal".to_owned(),
        "invalid float literal" => return "inget tal".to_owned(),
        "cannot parse integer from empty string" | "cannot parse float from empty string" => {
            return "värdet är tomt".to_owned();
        }
        "number too large to fit in target type" => return "talet är för stort".to_owned(),
        "number too small to fit in target type" => return "talet är för litet".to_owned(),
        _ => {}
    }
    if let Some((v, range)) = s.split_once(" is not in ") {
        return format!("{v} ligger utanför {range}");
    }
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
        if about(path).is_none() {
            missing.push(format!("command `{path}`"));
        }
        for a in cmd.get_arguments() {
            if help(path, a.get_id().as_str()).is_none() {
                missing.push(format!("`{path}` argument `{}`", a.get_id()));
            }
            if a.get_action().takes_values() && value_name(a.get_id().as_str()).is_none() {
                missing.push(format!("`{path}` value name of `{}`", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, &join(path, s.get_name()), missing);
        }
    }

    /// A new command or flag without Swedish text fails here.
    #[test]
    fn every_command_and_flag_has_swedish_text() {
        let mut missing = Vec::new();
        walk(&crate::cli::Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Swedish text: {missing:?}");
    }

    /// clap's own consistency checks pass on the Swedish command.
    #[test]
    fn the_swedish_command_is_consistent() {
        command(crate::cli::Cli::command()).debug_assert();
    }

    #[test]
    fn range_and_number_reasons_are_translated() {
        assert_eq!(reason("0 is not in 1..=1000"), "0 ligger utanför 1..=1000");
        assert_eq!(reason("invalid float literal"), "inget tal");
    }
}
