//! The TOML library's messages (a syntax error, an unknown field, a value of the wrong type) in
//! a planner's words, in the language of [`lang::messages`]: Rust's type names become what to
//! type, a bare word where a value should be (`65%`) gets a hint, and in Swedish every part the
//! libraries write (toml_parser's descriptions, toml_datetime's, serde's sentences) is
//! translated. Names in backticks and quoted values are what the user typed and stay.

use crate::lang::{self, Lang};

/// `message` of a `toml::de::Error` in a planner's words and the message language.
pub(crate) fn plain_words(message: &str) -> String {
    match lang::messages() {
        Lang::En => english(message),
        Lang::Sv => swedish(message),
    }
}

/// Rust's type names after "expected", and their plain English and Swedish.
const TYPES: &[(&str, &str, &str)] = &[
    (
        "f64",
        "a number (like 45 or 0.65, without quotes)",
        "ett tal (som 45 eller 0.65, utan citattecken)",
    ),
    (
        "u64",
        "a whole number of 0 or more",
        "ett heltal, 0 eller mer",
    ),
    (
        "u32",
        "a whole number of 0 or more",
        "ett heltal, 0 eller mer",
    ),
    (
        "usize",
        "a whole number of 0 or more",
        "ett heltal, 0 eller mer",
    ),
    (
        "u16",
        "a whole number of 0 or more",
        "ett heltal, 0 eller mer",
    ),
    ("i32", "a whole number", "ett heltal"),
    ("i64", "a whole number", "ett heltal"),
    ("a boolean", "true or false", "true eller false"),
];

/// The hint after "string values must be quoted".
const UNQUOTED: (&str, &str) = (
    " (a number is written without a unit or `%`: 0.65, not 65%)",
    " (ett tal skrivs utan enhet och utan `%`: 0.65, inte 65%)",
);

/// [`plain_words`] for an error at byte `offset` of `text`: when the value on that line is a
/// number written as a planner writes it on paper (`0,65`, `1 500`, `65%`), what to type
/// instead comes first, and the library's words follow in parentheses (without the
/// quoted-string hint, which would mislead).
pub(crate) fn plain_words_at(message: &str, text: &str, offset: usize) -> String {
    let plain = plain_words(message);
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    match paper_number(line) {
        None => plain,
        Some(hint) => {
            let plain = plain
                .strip_suffix(UNQUOTED.0)
                .or_else(|| plain.strip_suffix(UNQUOTED.1))
                .unwrap_or(&plain);
            format!("{hint} ({plain})")
        }
    }
}

/// What to type for the value of a `key = value` line written as on paper: a decimal comma
/// (`0,65`), a thousands space (`1 500`) or a per cent (`65%`); `None` for anything else.
pub(crate) fn paper_number(line: &str) -> Option<String> {
    let (_, value) = line.split_once('=')?;
    let value = value.split('#').next().unwrap_or("").trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    let number = |s: &str| match s.split_once('.') {
        Some((i, f)) => digits(i) && digits(f),
        None => digits(s),
    };
    if let Some((int, frac)) = unsigned.split_once(',')
        && digits(int)
        && digits(frac)
    {
        let point = format!("{}.{frac}", &value[..value.len() - frac.len() - 1]);
        return Some(crate::msg!(
            "decimals are written with a point: {point}, not {value}",
            "decimaltal skrivs med punkt: {point}, inte {value}"
        ));
    }
    let groups: Vec<&str> = unsigned.split(' ').collect();
    if groups.len() > 1
        && digits(groups[0])
        && groups[0].len() <= 3
        && groups[1..groups.len() - 1]
            .iter()
            .all(|g| g.len() == 3 && digits(g))
        && groups
            .last()
            .is_some_and(|g| number(g) && g.split('.').next().is_some_and(|i| i.len() == 3))
    {
        let whole = value.replace(' ', "");
        return Some(crate::msg!(
            "write {whole} without a space",
            "skriv {whole} utan mellanslag"
        ));
    }
    if let Some(share) = unsigned.strip_suffix('%').map(str::trim_end)
        && number(share)
    {
        let share = share.parse::<f64>().ok()? / 100.0;
        return Some(crate::msg!(
            "a number is written without a unit or `%`: a share as {share}, not {value}",
            "ett tal skrivs utan enhet och utan `%`: en andel som {share}, inte {value}"
        ));
    }
    None
}

fn english(message: &str) -> String {
    let mut m = message.to_owned();
    for (rust, plain, _) in TYPES {
        if let Some(rest) = m.strip_suffix(&format!("expected {rust}")) {
            m = format!("{rest}expected {plain}");
        }
    }
    if m.starts_with("string values must be quoted") {
        m.push_str(UNQUOTED.0);
    }
    m
}

fn swedish(message: &str) -> String {
    // serde's sentences: `missing field `x``, `invalid type: string "3", expected u32`...
    for (en, sv) in [
        ("missing field ", "fältet {} saknas"),
        ("duplicate field ", "fältet {} står två gånger"),
    ] {
        if let Some(name) = message.strip_prefix(en) {
            return sv.replace("{}", name);
        }
    }
    for (en, sv) in [
        ("unknown field ", "okänt fält "),
        ("unknown variant ", "okänt val "),
    ] {
        if let Some(rest) = message.strip_prefix(en) {
            let (name, expected) = rest.split_once(", ").unwrap_or((rest, ""));
            let expected = match expected {
                "" => String::new(),
                "there are no fields" => ", här finns inga fält".to_owned(),
                e => format!(", {}", expected_clause(e)),
            };
            return format!("{sv}{name}{expected}");
        }
    }
    for (en, sv) in [
        ("invalid type: ", "fel sorts värde: "),
        ("invalid value: ", "ogiltigt värde: "),
        ("invalid length ", "fel antal "),
    ] {
        if let Some(rest) = message.strip_prefix(en) {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let mut m = format!("{sv}{}", found(got));
            if !expected.is_empty() {
                m.push_str(", väntade ");
                m.push_str(&expected_item(expected));
            }
            return m;
        }
    }
    // toml_parser's and toml_datetime's: `DESCRIPTION[, expected ITEM, ITEM...]`.
    let (description, expected) = match message.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (message, None),
    };
    let mut m = description_sv(description);
    if let Some(e) = expected {
        m.push_str(", väntade ");
        m.push_str(
            &e.split(", ")
                .map(expected_item)
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if description == "string values must be quoted" {
        m.push_str(UNQUOTED.1);
    }
    m
}

/// `expected one of `a`, `b`` or `expected `a``, after an unknown field or choice.
fn expected_clause(e: &str) -> String {
    match e.strip_prefix("expected one of ") {
        Some(list) => format!("väntade ett av {list}"),
        None => match e.strip_prefix("expected ") {
            Some(one) => format!("väntade {one}"),
            None => e.to_owned(),
        },
    }
}

/// What serde found: `string "3"`, `integer `-3``, `floating point `1.5``, `sequence`...
fn found(got: &str) -> String {
    for (en, sv) in [
        ("string ", "texten "),
        ("integer ", "heltalet "),
        ("floating point ", "decimaltalet "),
        ("boolean ", "sanningsvärdet "),
        ("char ", "tecknet "),
    ] {
        if let Some(value) = got.strip_prefix(en) {
            // `integer `99999999999999999999` as i128`: the type is Rust's, not the user's.
            let value = value.split(" as ").next().unwrap_or(value);
            return format!("{sv}{value}");
        }
    }
    match got {
        "sequence" => "en lista".to_owned(),
        "map" => "en tabell".to_owned(),
        "unit value" | "unit" => "inget värde".to_owned(),
        "option" => "ett valfritt värde".to_owned(),
        other => other.to_owned(),
    }
}

/// One expected thing: a literal in backticks stays; a description is translated.
fn expected_item(item: &str) -> String {
    if item.starts_with('`') {
        return item.to_owned();
    }
    // A Rust type name, or its plain English from [`english`].
    if let Some((_, _, sv)) = TYPES
        .iter()
        .find(|(rust, plain, _)| *rust == item || *plain == item)
    {
        return (*sv).to_owned();
    }
    if item.starts_with("struct ") {
        return "en tabell".to_owned();
    }
    if item.starts_with("internally tagged enum") {
        return "en tabell med `dist`".to_owned();
    }
    for (unit, sv) in [
        ("month", "en månad"),
        ("day", "en dag"),
        ("hour", "en timme"),
        ("hours", "timmar"),
        ("minute", "en minut"),
        ("minutes", "minuter"),
        ("second", "en sekund"),
    ] {
        if let Some(range) = item.strip_prefix(&format!("{unit} between ")) {
            return format!("{sv} mellan {}", range.replace(" and ", " och "));
        }
    }
    let sv = match item {
        "nothing" => "inget",
        "newline" => "radslut",
        "etc" => "med mera",
        "a sequence" => "en lista",
        "a map" => "en tabell",
        "a string" | "a borrowed string" => "en text inom citattecken",
        "basic string" => "en text inom \"\"",
        "literal string" => "en text inom ''",
        "multi-line basic string" => "en text på flera rader",
        "key" => "en nyckel",
        "value" => "ett värde",
        "digits" | "numbers" => "siffror",
        "letters" => "bokstäver",
        "characters" => "tecken",
        "printable characters" => "skrivbara tecken",
        "non-double-quote visible characters" => "synliga tecken utom \"",
        "non-single-quote characters" => "tecken utom '",
        "non-single-quote visible characters" => "synliga tecken utom '",
        "unicode hexadecimal value" => "ett hexadecimalt unicodevärde",
        "a TOML datetime" | "a valid datetime field" | "string containing a datetime" => {
            "ett datum (ÅÅÅÅ-MM-DD)"
        }
        "local date" => "ett datum (ÅÅÅÅ-MM-DD)",
        "a four-digit year (YYYY)" => "ett år med fyra siffror (ÅÅÅÅ)",
        "a two-digit month (MM)" => "en månad med två siffror (MM)",
        "a two-digit day (DD)" => "en dag med två siffror (DD)",
        "a two-digit hour (HH)" => "en timme med två siffror (HH)",
        "a two-digit minute (MM)" => "en minut med två siffror (MM)",
        "a two-digit second (SS)" => "en sekund med två siffror (SS)",
        other => other,
    };
    sv.to_owned()
}

/// toml_parser's and toml_datetime's descriptions of what is wrong.
fn description_sv(d: &str) -> String {
    let sv = match d {
        "string values must be quoted" => "text måste stå inom citattecken",
        "duplicate key" => "nyckeln står redan i filen",
        "key with no value" => "nyckeln saknar värde",
        "missing value for key" => "värde saknas för nyckeln",
        "missing value" => "värde saknas",
        "extra `=`" => "ett `=` för mycket",
        "unclosed table" => "tabellnamnet är inte avslutat",
        "unclosed array table" => "tabellnamnet är inte avslutat",
        "unclosed array" => "listan är inte avslutad",
        "unclosed inline table" => "tabellen inom `{}` är inte avslutad",
        "missing inline table opening" => "`{` saknas",
        "missing array opening" => "`[` saknas",
        "missing table open" => "`[` saknas",
        "extra comma in array" => "ett kommatecken för mycket i listan",
        "extra comma in inline table" => "ett kommatecken för mycket i tabellen",
        "unexpected `=` in array" => "oväntat `=` i listan",
        "missing comma between array elements" => "kommatecken saknas mellan listans värden",
        "missing comma between key-value pairs" => {
            "kommatecken saknas mellan nyckel och värde-paren"
        }
        "missing assignment between key-value pairs" => "`=` saknas",
        "extra assignment between key-value pairs" => "ett `=` för mycket",
        "missing key for inline table element" => "nyckel saknas i tabellen",
        "invalid inline table element" => "ogiltigt värde i tabellen",
        "invalid key-value pair" => "ogiltigt par av nyckel och värde",
        "invalid key" => "ogiltig nyckel",
        "invalid unquoted key" => "ogiltig nyckel",
        "unquoted keys cannot be empty" => "en nyckel utan citattecken kan inte vara tom",
        "invalid table" => "ogiltig tabell",
        "invalid value" => "ogiltigt värde",
        "invalid string" | "invalid basic string" | "invalid literal string" => "ogiltig text",
        "invalid multi-line basic string" | "invalid multi-line literal string" => {
            "ogiltig text på flera rader"
        }
        "missing opening quote" => "inledande citattecken saknas",
        "missing escaped value" => "tecken saknas efter `\\`",
        "invalid boolean" => "ogiltigt sanningsvärde (true eller false)",
        "invalid integer number" => "ogiltigt heltal",
        "invalid float" => "ogiltigt decimaltal",
        "invalid fraction" => "ogiltiga decimaler",
        "invalid exponent" => "ogiltig exponent",
        "invalid mantissa" => "ogiltigt tal",
        "invalid binary number" | "invalid octal number" | "invalid hexadecimal number" => {
            "ogiltigt tal"
        }
        "integers with a radix cannot be signed" => "ett tal med prefix kan inte ha tecken",
        "radix must be lowercase" => "prefixet skrivs med gemener",
        "redundant integer number prefix" => "överflödigt prefix",
        "redundant numeric sign" => "överflödigt tecken",
        "unexpected leading zero" => "oväntad inledande nolla",
        "unexpected sign" => "oväntat tecken",
        "integer number overflowed" => "heltalet är för stort",
        "floating-point number overflowed" => "talet är för stort",
        "invalid date-time" | "invalid datetime" | "invalid date" => "ogiltigt datum",
        "invalid time" => "ogiltig tid",
        "invalid comment character" => "ogiltigt tecken i kommentaren",
        "missing comment start" => "`#` saknas",
        "unexpected content between comment and newline" => "oväntat innehåll efter kommentaren",
        "unexpected content" => "oväntat innehåll",
        "unexpected key or value" => "oväntad nyckel eller oväntat värde",
        "carriage return must be followed by newline" => "vagnretur måste följas av ny rad",
        "too few unicode value digits" => "för få siffror i unicodevärdet",
        "recursion limit" | "cannot recurse further; max recursion depth met" => {
            "för många nivåer av tabeller i tabeller"
        }
        "expected empty array" => "väntade en tom lista",
        "expected empty table" => "väntade en tom tabell",
        other => {
            if let Some(t) = other
                .strip_prefix("cannot extend value of type ")
                .and_then(|t| t.strip_suffix(" with a dotted key"))
            {
                return format!("ett värde av typen {t} kan inte utökas med en punktad nyckel");
            }
            other
        }
    };
    sv.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_keeps_the_library_sentence_and_names_the_type() {
        assert_eq!(
            english("invalid type: string \"3\", expected u32"),
            "invalid type: string \"3\", expected a whole number of 0 or more"
        );
        assert_eq!(
            english("string values must be quoted, expected literal string"),
            "string values must be quoted, expected literal string (a number is written \
             without a unit or `%`: 0.65, not 65%)"
        );
    }

    #[test]
    fn swedish_translates_every_part_and_keeps_what_the_user_typed() {
        for (en, sv) in [
            (
                "invalid type: string \"3\", expected u32",
                "fel sorts värde: texten \"3\", väntade ett heltal, 0 eller mer",
            ),
            (
                "invalid type: integer `99999999999999999999` as i128, expected u64",
                "fel sorts värde: heltalet `99999999999999999999`, väntade ett heltal, 0 eller mer",
            ),
            (
                "invalid value: integer `-3`, expected u32",
                "ogiltigt värde: heltalet `-3`, väntade ett heltal, 0 eller mer",
            ),
            (
                "invalid type: sequence, expected f64",
                "fel sorts värde: en lista, väntade ett tal (som 45 eller 0.65, utan citattecken)",
            ),
            ("missing field `days`", "fältet `days` saknas"),
            (
                "unknown field `replicationz`, expected one of `seed`, `replications`",
                "okänt fält `replicationz`, väntade ett av `seed`, `replications`",
            ),
            (
                "unknown variant `normall`, expected `fixed`",
                "okänt val `normall`, väntade `fixed`",
            ),
            (
                "unclosed table, expected `]`",
                "tabellnamnet är inte avslutat, väntade `]`",
            ),
            (
                "key with no value, expected `=`",
                "nyckeln saknar värde, väntade `=`",
            ),
            (
                "invalid date, expected month between 01 and 12",
                "ogiltigt datum, väntade en månad mellan 01 och 12",
            ),
            ("duplicate key", "nyckeln står redan i filen"),
            (
                "string values must be quoted, expected literal string",
                "text måste stå inom citattecken, väntade en text inom '' (ett tal skrivs \
                 utan enhet och utan `%`: 0.65, inte 65%)",
            ),
        ] {
            assert_eq!(swedish(en), sv, "{en}");
        }
    }
}
