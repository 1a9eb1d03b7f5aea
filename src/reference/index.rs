//! The compiled reference index: the reference data and everything a check looks up in it, in one byte image
//! that is read without parsing. A start-up used to parse the YAML (or decode all of it from a cache), then build
//! an automaton of every name and every title: work that grows with the data and that every run repeated. The
//! image holds the small tables (jurisdictions, offices, statistics, events) to decode at once, and for what grows
//! with the data — people, the names and titles that find them, the holders of each office — finite-state maps
//! ([`fst`]) and row tables read in place, a row decoded only when a check asks for it. So opening an image
//! costs the same for a thousand people as for a million, and a check touches only the people its article names.
//!
//! An image is built from validated [`ReferenceData`] ([`Compiled::build`]), written to the cache
//! ([`super::cache`]) and opened ([`Compiled::open`]) after its checksum is verified; the YAML stays the source
//! of truth and of every error's position.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use fst::raw::Output;
use fst::{Map, MapBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::names::fold_diacritics;
use super::{Event, Jurisdiction, Office, OfficeId, People, PersonId, ReferenceData, Statistic};

/// The first bytes of an image.
const MAGIC: &[u8; 8] = b"FLINDEX\0";

/// The version of the image's layout: raised whenever it or the records' types change shape, so that an older
/// image is never read as a newer one.
pub const FORMAT: u32 = 4;

/// The bytes of an image checksummed as one piece: a big image's pieces are checksummed on every core.
const CHECKSUM_PIECE: usize = 4 << 20;

/// The checksum of an image's bytes after its magic, format and checksum: xxh3 of the xxh3 of each
/// [`CHECKSUM_PIECE`], so that the pieces of an index of a million people are verified in parallel when it opens.
fn checksum(bytes: &[u8]) -> u64 {
    let pieces: Vec<&[u8]> = bytes.chunks(CHECKSUM_PIECE).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pieces.len());
    let digests: Vec<u64> = if threads <= 1 {
        pieces.iter().map(|piece| xxh3_64(piece)).collect()
    } else {
        std::thread::scope(|scope| {
            let share = pieces.len().div_ceil(threads);
            let handles: Vec<_> = pieces
                .chunks(share)
                .map(|some| scope.spawn(move || some.iter().map(|piece| xxh3_64(piece)).collect::<Vec<u64>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    };
    let joined: Vec<u8> = digests.iter().flat_map(|d| d.to_le_bytes()).collect();
    xxh3_64(&joined)
}

/// Magic, format, checksum of the rest, section count.
const HEADER_LEN: usize = MAGIC.len() + 4 + 8 + 4;

/// The sections of an image, in order.
const SECTIONS: usize = 15;

/// An image's bytes: built in memory, or a cache file mapped into memory (so that opening a big image reads only
/// the pages a check touches, besides the checksum's one pass).
pub enum Image {
    Built(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl AsRef<[u8]> for Image {
    fn as_ref(&self) -> &[u8] {
        match self {
            Image::Built(bytes) => bytes,
            Image::Mapped(map) => map,
        }
    }
}

/// Bytes of an image, shared and cheap to clone: the whole image or a range of it.
#[derive(Clone)]
pub struct Bytes {
    image: Arc<Image>,
    range: Range<usize>,
}

impl Bytes {
    fn new(image: Image) -> Bytes {
        let range = 0..image.as_ref().len();
        Bytes {
            image: Arc::new(image),
            range,
        }
    }

    fn slice(&self, range: Range<usize>) -> Bytes {
        Bytes {
            image: Arc::clone(&self.image),
            range: self.range.start + range.start..self.range.start + range.end,
        }
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &(*self.image).as_ref()[self.range.clone()]
    }
}

/// Rows of one type, each stored encoded and decoded when read.
pub struct Table<T> {
    /// `len + 1` little-endian `u64` offsets into `rows`.
    offsets: Bytes,
    rows: Bytes,
    row: PhantomData<fn() -> T>,
}

impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table {
            offsets: self.offsets.clone(),
            rows: self.rows.clone(),
            row: PhantomData,
        }
    }
}

impl<T: Serialize + DeserializeOwned> Table<T> {
    /// The two sections of `rows`: offsets and encoded rows.
    fn encode<'a>(rows: impl IntoIterator<Item = &'a T>) -> [Vec<u8>; 2]
    where
        T: 'a,
    {
        let mut offsets = 0u64.to_le_bytes().to_vec();
        let mut encoded = Vec::new();
        for row in rows {
            encoded = postcard::to_extend(row, encoded).expect("writing to a vector cannot fail");
            offsets.extend((encoded.len() as u64).to_le_bytes());
        }
        [offsets, encoded]
    }

    fn open(offsets: Bytes, rows: Bytes) -> Option<Table<T>> {
        let table = Table {
            offsets,
            rows,
            row: PhantomData,
        };
        let ok = table.offsets.as_ref().len() % 8 == 0
            && !table.offsets.as_ref().is_empty()
            && table.offset(table.len()) == table.rows.as_ref().len();
        ok.then_some(table)
    }

    pub fn len(&self) -> usize {
        self.offsets.as_ref().len() / 8 - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn offset(&self, index: usize) -> usize {
        let bytes = &self.offsets.as_ref()[index * 8..index * 8 + 8];
        u64::from_le_bytes(bytes.try_into().expect("eight bytes")) as usize
    }

    /// Row `index`. An image's checksum is verified when it is opened and its rows were written by
    /// [`Table::encode`], so a row that does not decode is a defect of this module, not of the input.
    pub fn get(&self, index: usize) -> T {
        self.get_as(index)
    }

    /// Row `index` read as `R`, a type written as `T` is whose strings are borrowed from the image rather than
    /// copied out of it.
    fn get_as<'a, R: Deserialize<'a>>(&'a self, index: usize) -> R {
        let range = self.offset(index)..self.offset(index + 1);
        postcard::from_bytes(&self.rows.as_ref()[range]).expect("a verified image's rows decode")
    }
}

/// What an image holds besides its tables and maps, decoded when it is opened.
#[derive(Serialize, Deserialize)]
struct Head {
    jurisdictions: Vec<Jurisdiction>,
    offices: Vec<Office>,
    statistics: Vec<Statistic>,
    events: Vec<Event>,
    files: Vec<String>,
    longest_title: u64,
}

/// A name found in a text: its bytes and the names-table entry it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// One name pattern and who it can mean.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NameEntry {
    /// A full name or alias (true) or a surname alone, which only counts after a full mention (false).
    pub full: bool,
    pub people: Vec<PersonId>,
}

/// What a check looks up in the reference data, read in place from the image.
#[derive(Clone)]
pub struct Lookups {
    /// Which opening of an image these are (see [`FirstWords`]).
    opened: u64,
    /// Every person's name, alias and surname form → its row in `entries`.
    names: Map<Bytes>,
    /// The first bytes names start with.
    name_starts: [bool; 256],
    entries: Table<NameEntry>,
    /// Every office title, lower-cased → its row in `title_offices`.
    titles: Map<Bytes>,
    /// Every title, lower-cased, its bytes reversed: the titles that end at a place, in one walk back from it.
    reversed_titles: Map<Bytes>,
    title_offices: Table<Vec<OfficeId>>,
    /// The longest title, in bytes.
    pub longest_title: usize,
    /// First names → their row in `first_name_people`.
    first_names: Map<Bytes>,
    /// The people of a first name, each with their surname.
    first_name_people: Table<Vec<(PersonId, String)>>,
    /// Each office's terms: (person, index of the term among theirs).
    holders: Table<Vec<(PersonId, usize)>>,
}

/// Reference data and its lookups, opened from one image.
pub struct Compiled {
    pub data: ReferenceData,
    pub lookups: Lookups,
}

impl Compiled {
    /// The image of `data` opened: how data loaded from YAML is checked.
    pub fn build(data: &ReferenceData) -> Compiled {
        Compiled::open(Image::Built(encode(data))).expect("an image just built opens")
    }

    /// Opens an image; `None` when it is not a whole image of this format (truncated, damaged, older).
    pub fn open(image: Image) -> Option<Compiled> {
        let image = Bytes::new(image);
        let bytes = image.as_ref();
        let header = bytes.get(..HEADER_LEN)?;
        let (magic, rest) = header.split_at(MAGIC.len());
        let (format, rest) = rest.split_at(4);
        let (checksum, count) = rest.split_at(8);
        if magic != MAGIC
            || format != FORMAT.to_le_bytes()
            || checksum != self::checksum(&bytes[MAGIC.len() + 12..]).to_le_bytes()
            || count != (SECTIONS as u32).to_le_bytes()
        {
            return None;
        }
        let mut at = HEADER_LEN + SECTIONS * 8;
        let mut sections = Vec::with_capacity(SECTIONS);
        for index in 0..SECTIONS {
            let field = bytes.get(HEADER_LEN + index * 8..HEADER_LEN + index * 8 + 8)?;
            let len = usize::try_from(u64::from_le_bytes(field.try_into().ok()?)).ok()?;
            let end = at.checked_add(len).filter(|&end| end <= bytes.len())?;
            sections.push(image.slice(at..end));
            at = end;
        }
        let [
            head,
            people,
            people_rows,
            names,
            entries,
            entry_rows,
            titles,
            reversed_titles,
            title_offices,
            title_office_rows,
            first_names,
            first_name_people,
            first_name_rows,
            holders,
            holder_rows,
        ] = <[Bytes; SECTIONS]>::try_from(sections).ok()?;
        let head: Head = postcard::from_bytes(head.as_ref()).ok()?;
        let names = Map::new(names).ok()?;
        let mut name_starts = [false; 256];
        for transition in names.as_fst().root().transitions() {
            name_starts[usize::from(transition.inp)] = true;
        }
        let titles = Map::new(titles).ok()?;
        let lookups = Lookups {
            opened: OPENED.fetch_add(1, Ordering::Relaxed),
            names,
            name_starts,
            entries: Table::open(entries, entry_rows)?,
            titles,
            reversed_titles: Map::new(reversed_titles).ok()?,
            title_offices: Table::open(title_offices, title_office_rows)?,
            longest_title: usize::try_from(head.longest_title).ok()?,
            first_names: Map::new(first_names).ok()?,
            first_name_people: Table::open(first_name_people, first_name_rows)?,
            holders: Table::open(holders, holder_rows)?,
        };
        let data = ReferenceData {
            jurisdictions: head.jurisdictions,
            offices: head.offices,
            people: People::indexed(Table::open(people, people_rows)?),
            statistics: head.statistics,
            events: head.events,
            files: head.files,
        };
        Some(Compiled { data, lookups })
    }
}

/// The image of `data`.
pub fn encode(data: &ReferenceData) -> Vec<u8> {
    let people = &data.people;
    let (names, entries) = name_entries(people);
    let mut titles: BTreeMap<String, Vec<OfficeId>> = BTreeMap::new();
    for (id, office) in data.offices.iter().enumerate() {
        for title in &office.titles {
            titles.entry(title.to_lowercase()).or_default().push(id);
        }
    }
    let longest_title = titles.keys().map(String::len).max().unwrap_or(0) as u64;
    let reversed: std::collections::BTreeSet<Vec<u8>> = titles.keys().map(|t| t.bytes().rev().collect()).collect();
    let mut reversed_titles = MapBuilder::memory();
    for key in reversed {
        reversed_titles
            .insert(key, 0)
            .expect("keys of a BTreeSet are sorted and unique");
    }
    let reversed_titles = reversed_titles.into_inner().expect("writing to a vector cannot fail");
    let mut first_names: BTreeMap<String, Vec<(PersonId, String)>> = BTreeMap::new();
    for (id, person) in people.iter().enumerate() {
        let mut words = person.name.split_whitespace();
        if let (Some(first), Some(last)) = (words.next(), person.name.split_whitespace().last())
            && first != last
        {
            first_names
                .entry(first.to_string())
                .or_default()
                .push((id, last.to_string()));
        }
    }
    let mut holders = vec![Vec::new(); data.offices.len()];
    for (person, p) in people.iter().enumerate() {
        for (index, term) in p.terms.iter().enumerate() {
            holders[term.office].push((person, index));
        }
    }
    let head = Head {
        jurisdictions: data.jurisdictions.clone(),
        offices: data.offices.clone(),
        statistics: data.statistics.clone(),
        events: data.events.clone(),
        files: data.files.clone(),
        longest_title,
    };
    let [people_offsets, people_rows] = Table::encode(people.iter());
    let [entry_offsets, entry_rows] = Table::encode(&entries);
    let (titles, title_offices) = map_of(titles);
    let [title_offsets, title_rows] = Table::encode(&title_offices);
    let (first_names, first_name_people) = map_of(first_names);
    let [first_offsets, first_rows] = Table::encode(&first_name_people);
    let [holder_offsets, holder_rows] = Table::encode(&holders);
    let sections: [Vec<u8>; SECTIONS] = [
        postcard::to_allocvec(&head).expect("writing to a vector cannot fail"),
        people_offsets,
        people_rows,
        names,
        entry_offsets,
        entry_rows,
        titles,
        reversed_titles,
        title_offsets,
        title_rows,
        first_names,
        first_offsets,
        first_rows,
        holder_offsets,
        holder_rows,
    ];
    let mut rest = (SECTIONS as u32).to_le_bytes().to_vec();
    for section in &sections {
        rest.extend((section.len() as u64).to_le_bytes());
    }
    for section in &sections {
        rest.extend_from_slice(section);
    }
    let mut image = Vec::with_capacity(MAGIC.len() + 12 + rest.len());
    image.extend_from_slice(MAGIC);
    image.extend(FORMAT.to_le_bytes());
    image.extend(checksum(&rest).to_le_bytes());
    image.extend(rest);
    image
}

/// A map of sorted keys to their rows: the keys as a finite-state map to row numbers, and the rows in order.
fn map_of<T>(rows: BTreeMap<String, T>) -> (Vec<u8>, Vec<T>) {
    let mut map = MapBuilder::memory();
    let mut values = Vec::with_capacity(rows.len());
    for (row, (key, value)) in rows.into_iter().enumerate() {
        map.insert(key, row as u64)
            .expect("keys of a BTreeMap are sorted and unique");
        values.push(value);
    }
    (map.into_inner().expect("writing to a vector cannot fail"), values)
}

/// Every name pattern of `people` as a map to its entry, and the entries: each person's name and aliases (full)
/// and the forms of their surname (not full). A pattern is the entry it was first added as, as an automaton
/// preferring the first of equal patterns would find it.
fn name_entries(people: &People) -> (Vec<u8>, Vec<NameEntry>) {
    let mut entries: Vec<NameEntry> = Vec::new();
    let mut slots: HashMap<(String, bool), usize> = HashMap::new();
    let mut first_slot: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |pattern: &str, person: PersonId, full: bool| {
        let slot = *slots.entry((pattern.to_string(), full)).or_insert_with(|| {
            entries.push(NameEntry {
                full,
                people: Vec::new(),
            });
            entries.len() - 1
        });
        first_slot.entry(pattern.to_string()).or_insert(slot);
        if !entries[slot].people.contains(&person) {
            entries[slot].people.push(person);
        }
    };
    for (id, person) in people.iter().enumerate() {
        for name in std::iter::once(&person.name).chain(&person.aliases) {
            add(name, id, true);
        }
        for surname in surnames(&person.name) {
            add(&surname, id, false);
        }
    }
    let mut map = MapBuilder::memory();
    for (pattern, slot) in first_slot {
        map.insert(pattern, slot as u64)
            .expect("keys of a BTreeMap are sorted and unique");
    }
    (map.into_inner().expect("writing to a vector cannot fail"), entries)
}

/// The forms a surname is written alone in, when it is distinctive enough to stand alone: the last word of the
/// name ("Trump"), without accents ("Erdogan"), and without an Arabic article ("Assad" for "al-Assad").
fn surnames(name: &str) -> Vec<String> {
    let Some(last) = name.split_whitespace().last().filter(|&l| l != name) else {
        return Vec::new();
    };
    let bare = ["al-", "Al-", "el-", "El-"]
        .iter()
        .find_map(|a| last.strip_prefix(a))
        .unwrap_or(last);
    let mut forms = vec![bare.to_string(), fold_diacritics(bare)];
    forms.sort();
    forms.dedup();
    forms.retain(|f| f.chars().count() >= 3 && f.chars().next().is_some_and(char::is_uppercase));
    forms
}

/// A place in a walk down a map: the node reached and the output gathered on the way there.
#[derive(Debug, Clone, Copy)]
struct Place {
    node: fst::raw::CompiledAddr,
    output: u64,
}

impl Place {
    fn root(map: &Map<Bytes>) -> Place {
        Place {
            node: map.as_fst().root().addr(),
            output: 0,
        }
    }
}

/// Walks `map` from `from` over `bytes`, each byte mapped by `fold`, telling `found` of every key that ends on the
/// way (how many bytes were walked to its end, and its value): the place after the last byte, or, when a byte
/// leaves the map, its index.
fn walk(
    map: &Map<Bytes>,
    from: Place,
    bytes: &[u8],
    fold: impl Fn(u8) -> u8,
    mut found: impl FnMut(usize, u64),
) -> Result<Place, usize> {
    let fst = map.as_fst();
    let mut node = fst.node(from.node);
    let mut output = Output::new(from.output);
    for (at, &byte) in bytes.iter().enumerate() {
        let Some(index) = node.find_input(fold(byte)) else {
            return Err(at);
        };
        let transition = node.transition(index);
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
        if node.is_final() {
            found(at + 1, output.cat(node.final_output()).value());
        }
    }
    Ok(Place {
        node: node.addr(),
        output: output.value(),
    })
}

/// Every key of `map` that `bytes` (each byte mapped by `fold`) starts with, shortest first, as its length and
/// value. One walk down the map, as long as the longest key at most.
#[cfg(test)]
fn prefixes(map: &Map<Bytes>, bytes: &[u8], fold: impl Fn(u8) -> u8, found: impl FnMut(usize, u64)) {
    let _ = walk(map, Place::root(map), bytes, fold, found);
}

/// Counts the openings of images, so that each [`Lookups`] knows which one it is.
static OPENED: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static FIRST_WORDS: RefCell<FirstWords> = RefCell::new(FirstWords::default());
}

/// Where the name map's walk over each first word leads, remembered on each thread from one article to the next.
/// The same capitalised words ("The", "But", "Reuters", "Trump") begin sentence after sentence of article after
/// article, and looking one up costs a fraction of walking it.
#[derive(Default)]
struct FirstWords {
    /// The [`Lookups::opened`] of the names these were walked in: the walks of other data are forgotten.
    opened: u64,
    /// Each word is its letters and the byte after them: all that a walk reads before it leaves the map or goes on
    /// into the next word, so that it leads the same way wherever it is written.
    walks: foldhash::HashMap<Box<[u8]>, WordWalk>,
}

/// The walk over one first word.
#[derive(Clone, Copy)]
struct WordWalk {
    /// The longest key that ends within the word: its length and value.
    longest: Option<(usize, u64)>,
    /// Where the walk is after the word; none when the word leaves the map.
    then: Option<Place>,
}

impl FirstWords {
    /// The most words remembered: past it the memo starts afresh, so that a long run's memory stays bounded.
    const MAX_WORDS: usize = 1 << 16;
    /// Longer words are walked every time.
    const MAX_WORD: usize = 40;

    /// The first word of a walk from `at`: the byte at `at`, the ASCII letters after it and the byte after them
    /// (none at the end of the text or past [`FirstWords::MAX_WORD`]).
    fn word_at(bytes: &[u8], at: usize) -> Option<&[u8]> {
        let rest = bytes.get(at + 1..)?;
        let letters = rest
            .iter()
            .take(Self::MAX_WORD)
            .position(|b| !b.is_ascii_alphabetic())?;
        Some(&bytes[at..at + letters + 2])
    }

    /// The walk of `map` over `word`, from the memo or walked now and remembered.
    fn walk(&mut self, map: &Map<Bytes>, word: &[u8]) -> WordWalk {
        if let Some(walked) = self.walks.get(word) {
            return *walked;
        }
        let mut longest = None;
        let then = walk(
            map,
            Place::root(map),
            word,
            |b| b,
            |len, value| longest = Some((len, value)),
        )
        .ok();
        let walked = WordWalk { longest, then };
        if self.walks.len() >= Self::MAX_WORDS {
            self.walks.clear();
        }
        self.walks.insert(word.into(), walked);
        walked
    }
}

impl Lookups {
    /// The names in `text`, leftmost first and at one start the longest, each starting where a word does (not
    /// after a letter, digit or hyphen); the search goes on after each name's end.
    pub fn names_in(&self, text: &str) -> Vec<NameMatch> {
        FIRST_WORDS.with_borrow_mut(|memo| self.names_remembering(text, memo))
    }

    /// [`Lookups::names_in`], with the walks over first words that `memo` remembers.
    fn names_remembering(&self, text: &str, memo: &mut FirstWords) -> Vec<NameMatch> {
        if memo.opened != self.opened {
            memo.opened = self.opened;
            memo.walks.clear();
        }
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let starts_word = self.name_starts[usize::from(bytes[at])]
                && text.is_char_boundary(at)
                && text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
            let mut longest = None;
            if starts_word {
                // The first word's walk is remembered; the walk goes on from where it leads.
                let (from, skipped) = match FirstWords::word_at(bytes, at) {
                    Some(word) => {
                        let walked = memo.walk(&self.names, word);
                        longest = walked.longest;
                        (walked.then, word.len())
                    }
                    None => (Some(Place::root(&self.names)), 0),
                };
                if let Some(from) = from {
                    let _ = walk(
                        &self.names,
                        from,
                        &bytes[at + skipped..],
                        |b| b,
                        |len, entry| longest = Some((skipped + len, entry)),
                    );
                }
            }
            match longest {
                Some((len, entry)) => {
                    found.push(NameMatch {
                        start: at,
                        end: at + len,
                        entry: entry as usize,
                    });
                    at += len;
                }
                None => at += 1,
            }
        }
        found
    }

    /// Whether `text` is a name, alias or surname form of someone.
    pub fn is_name(&self, text: &str) -> bool {
        self.names.contains_key(text)
    }

    pub fn entry(&self, entry: usize) -> NameEntry {
        self.entries.get(entry)
    }

    /// Every title in `text[from..to]`, as (start, end), matched without regard to ASCII case, overlapping ones
    /// included, in order of their start: a walk forward from every byte, what the tests hold
    /// [`Lookups::titles_ending_at`] to.
    #[cfg(test)]
    pub fn titles_in(&self, text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
        let bytes = &text.as_bytes()[..to];
        let mut found = Vec::new();
        for start in from..to {
            prefixes(
                &self.titles,
                &bytes[start..],
                |b| b.to_ascii_lowercase(),
                |len, _| {
                    found.push((start, start + len));
                },
            );
        }
        found
    }

    /// Where the titles that end at `end` of `text` start (matched without regard to ASCII case), nearest first:
    /// one walk back from `end`.
    pub fn titles_ending_at(&self, text: &str, end: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let fst = self.reversed_titles.as_fst();
        let mut node = fst.root();
        for (walked, &byte) in text.as_bytes()[..end].iter().rev().enumerate() {
            let Some(index) = node.find_input(byte.to_ascii_lowercase()) else {
                break;
            };
            node = fst.node(node.transition(index).addr);
            if node.is_final() {
                found.push(end - walked - 1);
            }
        }
        found
    }

    /// The offices a lower-cased title can name.
    pub fn offices_of_title(&self, title: &str) -> Vec<OfficeId> {
        self.titles
            .get(title)
            .map(|row| self.title_offices.get(row as usize))
            .unwrap_or_default()
    }

    /// The people whose first name is `first`, each with their surname. A common first name is many people's,
    /// whose surnames are compared rather than kept: they are read in place.
    pub fn people_of_first_name(&self, first: &str) -> Vec<(PersonId, &str)> {
        self.first_names
            .get(first)
            .map(|row| self.first_name_people.get_as::<Vec<(PersonId, &str)>>(row as usize))
            .unwrap_or_default()
    }

    /// Every term of `office`: (person, index of the term among theirs).
    pub fn holders(&self, office: OfficeId) -> Vec<(PersonId, usize)> {
        self.holders.get(office)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{Origin, Person, Source};

    fn person(id: usize, name: &str, aliases: &[&str]) -> Person {
        Person {
            id: format!("p{id}"),
            name: name.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            wikidata: None,
            description: None,
            terms: Vec::new(),
            source: Source {
                name: "test".to_string(),
                url: None,
                checked: None,
                licence: None,
                fresh_until: None,
                fresh_for: (1, 'y'),
            },
            origin: Origin {
                file: "people.yaml".into(),
                line: id + 1,
            },
        }
    }

    fn people() -> Vec<Person> {
        vec![
            person(0, "Donald Trump", &["Donald J. Trump"]),
            person(1, "Ivanka Trump", &[]),
            person(2, "Recep Tayyip Erdoğan", &["Erdoğan"]),
            person(3, "Bashar al-Assad", &[]),
            person(4, "Ann Lee", &[]),
            person(5, "Lee Kim", &[]),
        ]
    }

    /// The names a text holds by the definition: at each start of a word not inside a name already found, the
    /// longest pattern the text goes on with.
    fn names_by_definition(patterns: &[String], text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut from = 0;
        for (at, _) in text.char_indices() {
            let starts_word = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
            if at < from || !starts_word {
                continue;
            }
            if let Some(len) = patterns
                .iter()
                .filter(|p| text[at..].starts_with(p.as_str()))
                .map(String::len)
                .max()
            {
                found.push((at, at + len));
                from = at + len;
            }
        }
        found
    }

    #[test]
    fn names_are_found_at_word_starts_leftmost_and_longest() {
        let people = people();
        let data = ReferenceData {
            people: People::from(people.clone()),
            ..Default::default()
        };
        let compiled = Compiled::build(&data);
        let mut patterns: Vec<String> = Vec::new();
        for p in &people {
            patterns.push(p.name.clone());
            patterns.extend(p.aliases.iter().cloned());
            patterns.extend(surnames(&p.name));
        }
        let pieces = [
            "Donald",
            "Trump",
            "Donald Trump",
            "Donald J. Trump",
            "Ivanka",
            "Erdoğan",
            "Erdogan",
            "Recep Tayyip",
            "al-Assad",
            "Assad",
            "Ann Lee",
            "Lee Kim",
            "Kim",
            "the",
            "said",
            "XTrump",
            "Trumpet",
            "-Trump",
            "“",
        ];
        let mut next = crate::pseudo_random(0x9e37_79b9_7f4a_7c15);
        let mut names = 0;
        for _ in 0..5_000 {
            let text: String = (0..next(8))
                .map(|_| format!("{}{}", pieces[next(pieces.len())], [" ", "", ", "][next(3)]))
                .collect();
            let found: Vec<(usize, usize)> = compiled
                .lookups
                .names_in(&text)
                .iter()
                .map(|m| (m.start, m.end))
                .collect();
            assert_eq!(found, names_by_definition(&patterns, &text), "{text:?}");
            names += found.len();
            for m in compiled.lookups.names_in(&text) {
                assert!(compiled.lookups.is_name(&text[m.start..m.end]));
            }
        }
        assert!(names > 5_000, "{names} names found");
        let entry = |name: &str| {
            let m = compiled.lookups.names_in(name)[0];
            let entry = compiled.lookups.entry(m.entry);
            (entry.full, entry.people)
        };
        assert_eq!(entry("Donald Trump"), (true, vec![0]));
        assert_eq!(entry("Trump"), (false, vec![0, 1]));
        assert_eq!(entry("Assad"), (false, vec![3]));
        assert_eq!(entry("Erdogan"), (false, vec![2]));
        assert_eq!(compiled.lookups.people_of_first_name("Donald"), [(0, "Trump")]);
        assert!(!compiled.lookups.is_name("Donald"));
    }

    #[test]
    fn first_words_remembered_on_a_thread_lead_as_the_data_they_were_walked_in() {
        let image = |people: Vec<Person>| {
            let mut patterns: Vec<String> = Vec::new();
            for p in &people {
                patterns.push(p.name.clone());
                patterns.extend(surnames(&p.name));
            }
            let data = ReferenceData {
                people: People::from(people),
                ..Default::default()
            };
            (Compiled::build(&data), patterns)
        };
        // "Trump" ends a name in the first image and leads on to "Trumpet Player" in the second; "Theresa" leaves
        // the first at once.
        let first = image(people());
        let second = image(vec![person(0, "Theresa May", &[]), person(1, "Trumpet Player", &[])]);
        let texts = [
            "Trump said. Theresa May said.",
            "Trumpet Player and Trump.",
            "Theresa, Trump",
        ];
        for round in 0..3 {
            for (compiled, patterns) in [&first, &second, &first] {
                for text in texts {
                    let found: Vec<(usize, usize)> = compiled
                        .lookups
                        .names_in(text)
                        .iter()
                        .map(|m| (m.start, m.end))
                        .collect();
                    assert_eq!(found, names_by_definition(patterns, text), "round {round}: {text:?}");
                }
            }
        }
        // More distinct words than are remembered: the memo starts afresh, and still reads right.
        let word = |mut i: usize| {
            let mut word = String::from("Q");
            while i > 0 {
                word.push(char::from(b'a' + (i % 26) as u8));
                i /= 26;
            }
            word + " "
        };
        let words: String = (0..FirstWords::MAX_WORDS + 10).map(word).collect();
        let text = format!("{words}Donald Trump");
        let found = first.0.lookups.names_in(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "Donald Trump");
        FIRST_WORDS.with_borrow(|memo| assert!(memo.walks.len() <= FirstWords::MAX_WORDS));
    }

    #[test]
    fn people_are_read_from_the_image_as_they_were_written() {
        let data = ReferenceData {
            people: People::from(people()),
            ..Default::default()
        };
        let compiled = Compiled::build(&data);
        assert_eq!(compiled.data.people.len(), 6);
        assert_eq!(compiled.data.people[2], people()[2]);
        // The same record each time: read once, then kept.
        assert!(std::ptr::eq(&compiled.data.people[2], &compiled.data.people[2]));
        assert_eq!(compiled.data, data);
    }
}
