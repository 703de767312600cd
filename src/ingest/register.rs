//! Attendee lists for chat sources: a `register` (any table: a Microsoft
//! Forms registration export, a CSV…) giving phase, role and district per
//! person, and a Teams `attendance` report (UTF-16LE TSV, three sections; or
//! the legacy `Full Name / User Action / Timestamp` file).
//!
//! Input: a file path (and the source's `register_columns`). Output:
//! [`Person`]s, one per distinct person (by email, else by [`name_key`]).
//! Invariant: chat authors and attendees are joined by [`Roster::find`],
//! which applies the contract's name normalisation, then (only when exactly
//! one person fits) ignores middle names: nothing fuzzier.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::model::Person;

use super::grid::{Grid, read_grid};
use super::{Error, normalize};

/// Titles dropped from the front of a name ("Dr Ann Lee" is "Ann Lee").
const TITLES: [&str; 7] = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof"];

/// The key a name is matched on: lower case; accents folded; a leading
/// "\[Company\]" and title dropped; every trailing "(...)" (pronouns,
/// "(External)", "(Host)") and trailing " - organisation" removed; "Surname,
/// First" turned round; punctuation and emoji removed; spaces collapsed.
#[must_use]
pub fn name_key(name: &str) -> String {
    let mut s = normalize::collapse_spaces(name);
    // "[Kent CC] Ann Lee"
    while s.starts_with('[') {
        match s.find(']') {
            Some(end) => s = s[end + 1..].trim().to_owned(),
            None => break,
        }
    }
    loop {
        let before = s.len();
        // trailing "(...)" / "[...]"
        if let Some(stripped) = s.strip_suffix(')')
            && let Some(open) = stripped.rfind('(')
            && open > 0
        {
            s = s[..open].trim_end().to_owned();
        }
        if let Some(stripped) = s.strip_suffix(']')
            && let Some(open) = stripped.rfind('[')
            && open > 0
        {
            s = s[..open].trim_end().to_owned();
        }
        // trailing " - organisation" / " – org" / " | org"
        for sep in [" - ", " – ", " — ", " | "] {
            if let Some(pos) = s.find(sep)
                && pos > 0
            {
                s.truncate(pos);
                s = s.trim_end().to_owned();
            }
        }
        if s.len() == before {
            break;
        }
    }
    // "Lee, Ann" -> "Ann Lee"
    if let Some((last, first)) = s.split_once(',')
        && !first.trim().is_empty()
        && !first.contains(',')
    {
        s = format!("{} {}", first.trim(), last.trim());
    }
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | '‘' | '.' => {}
            c if c.is_alphanumeric() => folded.push(fold_accent(c)),
            _ => folded.push(' '),
        }
    }
    let words: Vec<&str> = folded.split_whitespace().collect();
    let skip = usize::from(words.len() > 2 && TITLES.contains(&words[0]));
    words[skip..].join(" ")
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        c => c,
    }
}

/// The same name with its words sorted: matches "Lee Ann" to "Ann Lee".
fn sorted_key(key: &str) -> String {
    let mut w: Vec<&str> = key.split(' ').collect();
    w.sort_unstable();
    w.join(" ")
}

/// The first and last words of a key of three or more words ("jane e smith"
/// -> "jane smith"); two-word keys are their own ends.
fn ends_key(key: &str) -> Option<String> {
    let words: Vec<&str> = key.split(' ').collect();
    match words.as_slice() {
        [first, .., last] => Some(format!("{first} {last}")),
        _ => None,
    }
}

fn email_key(email: &str) -> String {
    let e = email.trim().to_lowercase();
    if e.contains('@') { e } else { String::new() }
}

/// People, looked up by name key, sorted-word key or email.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The people, in input order.
    pub people: Vec<Person>,
    by_key: HashMap<String, usize>,
    by_sorted: HashMap<String, usize>,
    /// First and last name -> the one person with them (None: several).
    by_ends: HashMap<String, Option<usize>>,
    by_email: HashMap<String, usize>,
}

impl Roster {
    /// Builds a roster; people sharing an email (or, without one, a name key)
    /// are one person, the later row winning (a resubmitted form).
    #[must_use]
    pub fn new(people: Vec<Person>) -> Roster {
        let mut r = Roster::default();
        for p in people {
            let key = name_key(&p.name);
            let email = email_key(&p.email);
            if key.is_empty() && email.is_empty() {
                continue;
            }
            let existing = (!email.is_empty())
                .then(|| r.by_email.get(&email).copied())
                .flatten()
                .or_else(|| (!key.is_empty()).then(|| r.by_key.get(&key).copied()).flatten());
            let i = match existing {
                Some(i) => {
                    r.people[i] = p;
                    i
                }
                None => {
                    r.people.push(p);
                    r.people.len() - 1
                }
            };
            if !key.is_empty() {
                r.by_key.entry(key.clone()).or_insert(i);
                r.by_sorted.entry(sorted_key(&key)).or_insert(i);
                if let Some(ends) = ends_key(&key) {
                    let slot = r.by_ends.entry(ends).or_insert(Some(i));
                    if *slot != Some(i) {
                        *slot = None;
                    }
                }
            }
            if !email.is_empty() {
                r.by_email.entry(email).or_insert(i);
            }
        }
        r
    }

    /// Finds the person called `name` (or with `email`, when given).
    #[must_use]
    pub fn find(&self, name: &str, email: &str) -> Option<&Person> {
        // a Teams guest shown by their email address
        let email = if email.trim().is_empty() { email_key(name) } else { email_key(email) };
        if let Some(&i) = (!email.is_empty()).then(|| self.by_email.get(&email)).flatten() {
            return Some(&self.people[i]);
        }
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        let exact =
            |key: &str| self.by_key.get(key).or_else(|| self.by_sorted.get(&sorted_key(key))).copied();
        // "Jane E. Smith" is the one registered "Jane Smith" (or the reverse)
        let middle = |key: &str| ends_key(key).and_then(|e| self.by_ends.get(&e).copied().flatten());
        let found = exact(&key).or_else(|| middle(&key)).or_else(|| {
            // "Ann Lee, SENCo, Oakfield Primary": a full name before the first comma
            let (head, _) = name.split_once(',')?;
            let head = name_key(head);
            (head.split(' ').count() >= 2).then(|| exact(&head).or_else(|| middle(&head))).flatten()
        });
        found.map(|i| &self.people[i])
    }

    /// True when the roster has nobody.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

/// Which register columns hold what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RegisterColumns {
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    email: Option<usize>,
    dims: Vec<(String, usize)>,
}

fn folded(h: &str) -> String {
    normalize::collapse_spaces(h).to_lowercase()
}

/// Default header recognisers for each dimension, tried in order.
fn default_dim(dim: &str, header: &str) -> bool {
    let h = folded(header);
    match dim {
        "phase" => {
            h.contains("phase")
                || h.contains("type of setting")
                || h.contains("setting type")
                || h.contains("type of school")
                || h.contains("school type")
        }
        "role" => h.contains("role") || h.contains("job title"),
        "district" => h.contains("district"),
        _ => false,
    }
}

fn resolve_columns(
    path: &Path,
    grid: &Grid,
    map: &BTreeMap<String, String>,
) -> Result<RegisterColumns, Error> {
    let mut cols = RegisterColumns::default();
    for (dim, header) in map {
        let i = grid.require(path, header)?;
        match dim.as_str() {
            "name" | "author" => cols.name = Some(i),
            "email" => cols.email = Some(i),
            "first_name" => cols.first = Some(i),
            "last_name" | "surname" => cols.last = Some(i),
            _ => cols.dims.push((dim.clone(), i)),
        }
    }
    let heads: Vec<String> = grid.headers.iter().map(|h| folded(h)).collect();
    let filled = |i: usize| {
        grid.rows
            .iter()
            .filter(|row| {
                let r = &row.cells;
                let v = r.get(i).map_or("", |s| s.trim());
                !v.is_empty() && !v.eq_ignore_ascii_case("anonymous")
            })
            .count()
    };
    if cols.name.is_none() && cols.first.is_none() {
        // The best-filled column whose header speaks of a person's name.
        let org = ["school", "setting", "organisation", "organization", "company", "employer", "file"];
        let candidates: Vec<usize> = (0..heads.len())
            .filter(|&i| {
                let h = &heads[i];
                h.contains("name")
                    && !org.iter().any(|o| h.contains(o))
                    && !h.contains("first")
                    && !h.contains("last")
                    && !h.contains("surname")
                    && !h.contains("user")
            })
            .collect();
        cols.name =
            candidates.into_iter().filter(|&i| filled(i) > 0).max_by_key(|&i| (filled(i), usize::MAX - i));
        if cols.name.is_none() {
            cols.first = heads.iter().position(|h| h.contains("first name") || h == "forename");
            cols.last = heads.iter().position(|h| h.contains("last name") || h.contains("surname"));
        }
    }
    if cols.email.is_none() {
        cols.email = heads.iter().position(|h| h.contains("email") || h.contains("e-mail"));
    }
    for dim in ["phase", "role", "district"] {
        if cols.dims.iter().any(|(d, _)| d == dim) {
            continue;
        }
        if let Some(i) = grid.headers.iter().position(|h| default_dim(dim, h)) {
            cols.dims.push((dim.to_owned(), i));
        }
    }
    if cols.name.is_none() && cols.first.is_none() && cols.email.is_none() {
        return Err(Error::Format {
            path: path.to_owned(),
            at: "header".into(),
            message: format!(
                "a register needs a name or email column (set `register_columns = {{ name = \"…\" }}`); \
                 the headers found are: {}",
                grid.headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(cols)
}

/// Reads a register: one [`Person`] per row with a name or an email.
///
/// `columns` maps dimensions (and `name`, `email`, `first_name`,
/// `last_name`) to headers; unmapped, the name, email, phase ("phase", "type
/// of setting"), role and district columns are found by their headers.
///
/// # Errors
/// The file cannot be read, a mapped column is missing, or no name or email
/// column is found.
pub fn read_register(path: &Path, columns: &BTreeMap<String, String>) -> Result<Vec<Person>, Error> {
    let grid = read_grid(path, None)?;
    let cols = resolve_columns(path, &grid, columns)?;
    let mut people = Vec::with_capacity(grid.rows.len());
    for grid_row in &grid.rows {
        let row = &grid_row.cells;
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.get(i)).map(|s| normalize::collapse_spaces(s)).unwrap_or_default()
        };
        let mut name = cell(cols.name);
        if name.eq_ignore_ascii_case("anonymous") {
            name.clear();
        }
        if name.is_empty() {
            name = normalize::collapse_spaces(&format!("{} {}", cell(cols.first), cell(cols.last)));
        }
        let mut email = cell(cols.email);
        if !email.contains('@') {
            email.clear();
        }
        if name.is_empty() && email.is_empty() {
            continue;
        }
        let dims = cols.dims.iter().map(|(d, i)| (d.clone(), cell(Some(*i)))).collect();
        people.push(Person { name, email, dims });
    }
    Ok(Roster::new(people).people)
}

/// Splits one TSV/CSV line of an attendance report into trimmed, unquoted cells.
fn cells(line: &str) -> Vec<String> {
    let sep = if line.contains('\t') { '\t' } else { ',' };
    line.split(sep)
        .map(|c| {
            let c = c.trim().trim_matches('\u{feff}');
            let c = c.strip_prefix('"').and_then(|c| c.strip_suffix('"')).unwrap_or(c);
            c.replace("\"\"", "\"").trim().to_owned()
        })
        .collect()
}

fn is_section_title(line: &str) -> bool {
    let t = line.trim();
    let mut chars = t.chars();
    chars.next().is_some_and(|c| c.is_ascii_digit()) && t.chars().nth(1) == Some('.') && !t.contains('\t')
}

/// Reads a Teams attendance report as a list of attendees (no dimensions).
///
/// The current file: section "2. Participants" (a header row starting
/// `Name`, one row per person); section 3 (one row per join) is used only
/// when there is no section 2. The legacy file: `Full Name`, `User Action`,
/// `Timestamp`, one row per join or leave. Live-event files
/// (`FullName`, comma-separated) are read the same way. People are
/// distinct by email, else by name.
///
/// # Errors
/// The file cannot be read, or no participant header is found.
pub fn read_attendance(path: &Path) -> Result<Vec<Person>, Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    if meta.is_dir() {
        return Err(Error::NotAFile { path: path.to_owned() });
    }
    if meta.len() > super::grid::MAX_DENSE_BYTES {
        return Err(Error::TooLarge { path: path.to_owned(), what: format!("{} bytes", meta.len()) });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let (text, _) = super::decode::decode(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    // Header rows: a first cell that names a person.
    let is_header = |cs: &[String]| {
        let first = cs.first().map(|s| folded(s)).unwrap_or_default();
        cs.len() >= 2 && matches!(first.as_str(), "name" | "full name" | "fullname" | "participant")
    };
    let headers: Vec<usize> = (0..lines.len()).filter(|&i| is_header(&cells(lines[i]))).collect();
    let Some(&start) = headers.first() else {
        let at = if text.trim().is_empty() { "file" } else { "line 1" };
        return Err(Error::Format {
            path: path.to_owned(),
            at: at.into(),
            message: "not a Teams attendance report: no header row starting \"Name\" or \"Full Name\"".into(),
        });
    };
    let head = cells(lines[start]);
    let email_col = head.iter().position(|h| {
        let h = folded(h);
        h.contains("email") || h.contains("upn")
    });
    let mut people = Vec::new();
    for line in &lines[start + 1..] {
        if line.trim().is_empty() || is_section_title(line) {
            break;
        }
        let cs = cells(line);
        let name = cs.first().map(|s| normalize::collapse_spaces(s)).unwrap_or_default();
        let email = email_col.and_then(|i| cs.get(i)).cloned().unwrap_or_default();
        if name.is_empty() && email.is_empty() {
            continue;
        }
        people.push(Person {
            name,
            email: if email.contains('@') { email } else { String::new() },
            ..Person::default()
        });
    }
    Ok(Roster::new(people).people)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        let cases = [
            ("Ann Lee", "ann lee"),
            ("  ann   LEE ", "ann lee"),
            ("Ann Lee (she/her)", "ann lee"),
            ("Ann Lee (External)", "ann lee"),
            ("Ann Lee (she/her) (Guest)", "ann lee"),
            ("Ann Lee - Oakwood Primary", "ann lee"),
            ("Ann Lee – Oakwood Primary (SENCo)", "ann lee"),
            ("Lee, Ann", "ann lee"),
            ("[Kent CC] Ann Lee", "ann lee"),
            ("Dr Ann Lee", "ann lee"),
            ("Dr. Ann Lee", "ann lee"),
            ("Siobhán O’Brien", "siobhan obrien"),
            ("Siobhan O'Brien", "siobhan obrien"),
            ("Ann Lee 🌻", "ann lee"),
            ("Mary-Jane Cox", "mary jane cox"),
            ("Commissioning Team (Host, me)", "commissioning team"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(name_key(input), want, "name_key({input:?})");
        }
    }

    #[test]
    fn roster_finds_by_name_order_and_email() {
        let p =
            |name: &str, email: &str| Person { name: name.into(), email: email.into(), ..Person::default() };
        let r = Roster::new(vec![
            p("Ann Lee", "ann@x.org"),
            p("Cox, Bo", ""),
            p("Ann Lee", "ann@x.org"),
            p("Jane Elizabeth Smith", ""),
            p("Max Tom Ray", ""),
            p("Max Bo Ray", ""),
        ]);
        assert_eq!(r.people.len(), 5, "resubmission is one person");
        let cases = [
            ("Ann Lee (she/her)", "", Some("Ann Lee")),
            ("Bo Cox - Hill School", "", Some("Cox, Bo")),
            ("Cox Bo", "", Some("Cox, Bo")),
            ("Someone Else", "ANN@x.org", Some("Ann Lee")),
            ("Ann", "", None),
            ("", "", None),
            ("Jane Smith", "", Some("Jane Elizabeth Smith")),
            ("Smith, Jane E. (she/her)", "", Some("Jane Elizabeth Smith")),
            ("Ann Marie Lee", "", Some("Ann Lee")),
            ("Max Ray", "", None), // two people fit: no guess
            ("Max Tom Ray", "", Some("Max Tom Ray")),
            ("Ann Lee, SENCo, Oakfield Primary", "", Some("Ann Lee")),
            ("Jane Smith, Deputy Head", "", Some("Jane Elizabeth Smith")),
            ("ANN@x.org", "", Some("Ann Lee")),
            ("Nobody, SENCo", "", None),
        ];
        for (name, email, want) in cases {
            assert_eq!(r.find(name, email).map(|p| p.name.as_str()), want, "find({name:?}, {email:?})");
        }
    }

    #[test]
    fn attendance_cells_split() {
        let cases: &[(&str, &[&str])] = &[
            ("Name\tFirst Join\tEmail", &["Name", "First Join", "Email"]),
            ("\"Jane Roe\",Joined,\"7/22/26\"", &["Jane Roe", "Joined", "7/22/26"]),
        ];
        for (line, want) in cases {
            assert_eq!(cells(line), *want, "{line:?}");
        }
        assert!(is_section_title("2. Participants"));
        assert!(!is_section_title("Jane Roe\t7/22/26"));
    }
}
