//! The text of one PDF page, walked here rather than with lopdf's
//! `extract_text`, which ignores the line-positioning operators (`Td`,
//! `TD`, `T*`, `Tm`, `'`), so that lines run together ("…@acme.ca" then
//! "No de client" reads "…@acme.cano"), and which never enters form
//! XObjects, where many producers put a page's whole text.

use super::cid_fonts::{self, CidText};
use super::resolve;
use super::rows::{PageText, RowCells};
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId, Stream};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Form XObjects nested deeper than this are not entered.
const MAX_FORM_DEPTH: u32 = 8;
/// Form XObjects drawn per page at most (a form drawn from a form drawn
/// from a form... could otherwise multiply without end).
const MAX_FORMS: u32 = 2_000;

/// A font's text decoding and glyph widths.
struct Font<'a> {
    decoding: Decoding<'a>,
    widths: Widths,
}

/// How a font's codes become text.
enum Decoding<'a> {
    /// As lopdf reads the font's encoding or ToUnicode CMap.
    Encoded(Encoding<'a>),
    /// Two bytes a code, read as `cid_fonts` finds.
    Cid(CidText),
}

impl Decoding<'_> {
    /// The text `bytes` draw, if they can be read.
    fn decode(&self, bytes: &[u8]) -> Option<String> {
        match self {
            Decoding::Encoded(encoding) => Document::decode_text(encoding, bytes).ok(),
            Decoding::Cid(cid) => Some(cid.decode(bytes)),
        }
    }

    /// How many glyphs of `bytes` are left out unread.
    fn unmapped_glyphs(&self, bytes: &[u8]) -> usize {
        match self {
            Decoding::Encoded(_) => 0,
            Decoding::Cid(cid) => cid.unmapped_glyphs(bytes),
        }
    }
}

/// Glyph widths in thousandths of an em.
enum Widths {
    /// A simple font: one byte a glyph, widths from `/FirstChar`.
    Simple {
        first: u32,
        widths: Vec<f32>,
    },
    /// A composite (Type0) font: two bytes a glyph, widths by CID.
    Composite {
        default: f32,
        widths: BTreeMap<u32, f32>,
    },
    Unknown,
}

impl Widths {
    /// How wide `bytes` draw, in ems.
    fn measure(&self, bytes: &[u8], chars: usize) -> f32 {
        let thousandths: f32 = match self {
            Widths::Simple { first, widths } => bytes
                .iter()
                .map(|&b| {
                    widths
                        .get(u32::from(b).wrapping_sub(*first) as usize)
                        .copied()
                        .unwrap_or(500.0)
                })
                .sum(),
            Widths::Composite { default, widths } => bytes
                .chunks(2)
                .map(|c| u32::from(c[0]) << 8 | u32::from(*c.get(1).unwrap_or(&0)))
                .map(|cid| widths.get(&cid).copied().unwrap_or(*default))
                .sum(),
            Widths::Unknown => chars as f32 * AVERAGE_GLYPH * 1000.0,
        };
        thousandths / 1000.0
    }
}

/// The fonts and form XObjects a content stream can name.
struct Resources<'a> {
    fonts: BTreeMap<Vec<u8>, Rc<Font<'a>>>,
    forms: BTreeMap<Vec<u8>, &'a Stream>,
}

/// The text of page `page_id`: a line break wherever the text moves to a
/// new line, a space for a wide gap within one; and where its rows of
/// table cells are. `fonts` holds the document's fonts read for its pages
/// so far.
pub(crate) fn text<'a>(document: &'a Document, page_id: ObjectId, fonts: &mut Fonts<'a>) -> lopdf::Result<PageText> {
    let (own, inherited) = document.get_page_resources(page_id)?;
    let mut dicts: Vec<&Dictionary> = own.into_iter().collect();
    dicts.extend(inherited.into_iter().filter_map(|id| document.get_dictionary(id).ok()));
    let resources = resources(document, &dicts, fonts);
    let content = document.get_page_content(page_id);
    let mut walk = Walk {
        document,
        fonts,
        text: String::new(),
        forms_drawn: 0,
        font_size: 10.0,
        advance: 0.0,
        line: IDENTITY,
        leading: 0.0,
        last: None,
        placed: false,
        line_ended: false,
        cell: None,
        row: RowCells::default(),
        rows: Vec::new(),
        unmapped: 0,
    };
    walk.content(&content, &resources, 0)?;
    walk.end_row();
    Ok(PageText {
        text: walk.text,
        rows: walk.rows,
        unmapped_glyphs: walk.unmapped,
    })
}

/// Joins the lines of a wrapped cell, `text[from..]`: a line break after
/// a space or hyphen, or before a small letter, a digit (but after a
/// word, out of an e-mail address), `@`, `.` or `_`, or before a hyphen after
/// a digit (a word, number, phone number or address the cell's edge cut),
/// goes; another is a space.
pub(super) fn join_cell_lines(text: &mut String, from: usize) {
    let Some(cell) = text.get(from..) else {
        return;
    };
    if !cell.contains('\n') {
        return;
    }
    let mut joined = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\n' {
            joined.push(c);
            continue;
        }
        let after_break = joined.ends_with([' ', '-', '\t']) || joined.is_empty();
        let after_digit = joined.ends_with(|c: char| c.is_ascii_digit());
        // A word then a number is two ("Suite" then "705"), unless they
        // are an address's ("kathleen" then "48@example.com").
        let apart = joined.ends_with(char::is_alphabetic)
            && !chars.clone().take_while(|c| !c.is_whitespace()).any(|c| c == '@');
        let cut_word = chars.peek().is_some_and(|next| {
            next.is_lowercase()
                || (next.is_ascii_digit() && !apart)
                || matches!(next, '@' | '.' | '_')
                || (after_digit && *next == '-')
        });
        if !after_break && !cut_word {
            joined.push(' ');
        }
    }
    text.truncate(from);
    text.push_str(&joined);
}

fn dict_entry<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    resolve(document, dict.get(key).ok()?)?.as_dict().ok()
}

/// The fonts of a document read so far, by their object: a font's
/// decoding (its ToUnicode CMap parsed, its embedded character map read)
/// and its widths are read once however many pages draw with it.
#[derive(Default)]
pub(crate) struct Fonts<'a>(HashMap<ObjectId, Option<Rc<Font<'a>>>>);

impl<'a> Fonts<'a> {
    /// The font `object` is or refers to, if it can be read.
    fn get(&mut self, document: &'a Document, object: &'a Object) -> Option<Rc<Font<'a>>> {
        match object {
            Object::Reference(id) => self
                .0
                .entry(*id)
                .or_insert_with(|| font(document, object).map(Rc::new))
                .clone(),
            _ => font(document, object).map(Rc::new),
        }
    }
}

/// The font `object` is or refers to: how its codes decode, how wide its
/// glyphs are.
fn font<'a>(document: &'a Document, object: &'a Object) -> Option<Font<'a>> {
    let font = resolve(document, object)?.as_dict().ok()?;
    let decoding = match cid_fonts::cid_text(document, font) {
        Some(cid) => Decoding::Cid(cid),
        None => Decoding::Encoded(font.get_font_encoding(document).ok()?),
    };
    Some(Font {
        decoding,
        widths: widths(document, font),
    })
}

fn resources<'a>(document: &'a Document, dicts: &[&'a Dictionary], known: &mut Fonts<'a>) -> Resources<'a> {
    let mut fonts = BTreeMap::new();
    let mut forms = BTreeMap::new();
    for dict in dicts {
        if let Some(font_dict) = dict_entry(document, dict, b"Font") {
            for (name, object) in font_dict.iter() {
                if let Some(font) = known.get(document, object) {
                    fonts.entry(name.clone()).or_insert(font);
                }
            }
        }
        if let Some(xobjects) = dict_entry(document, dict, b"XObject") {
            for (name, object) in xobjects.iter() {
                let stream = resolve(document, object).and_then(|o| o.as_stream().ok());
                if let Some(stream) =
                    stream.filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form"))
                {
                    forms.entry(name.clone()).or_insert(stream);
                }
            }
        }
    }
    Resources { fonts, forms }
}

/// A font's glyph widths: `/FirstChar` and `/Widths` of a simple font,
/// `/DW` and `/W` of a Type0 font's descendant.
fn widths(document: &Document, font: &Dictionary) -> Widths {
    let number = |o: &Object| resolve(document, o).and_then(|o| o.as_float().ok());
    if let (Ok(first), Some(array)) = (
        font.get(b"FirstChar").and_then(Object::as_i64),
        font.get(b"Widths")
            .ok()
            .and_then(|w| resolve(document, w))
            .and_then(|w| w.as_array().ok()),
    ) {
        let widths = array.iter().map(|w| number(w).unwrap_or(0.0)).collect();
        return Widths::Simple {
            first: u32::try_from(first).unwrap_or(0),
            widths,
        };
    }
    let Some(descendant) = cid_fonts::descendant(document, font) else {
        return Widths::Unknown;
    };
    let default = descendant.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
    let mut widths = BTreeMap::new();
    let w = descendant
        .get(b"W")
        .ok()
        .and_then(|w| resolve(document, w))
        .and_then(|w| w.as_array().ok());
    let items: Vec<&Object> = w.map(|w| w.iter().collect()).unwrap_or_default();
    let mut i = 0;
    // /W: `c [w1 w2 ...]` (widths from c on) or `c_first c_last w`.
    while i + 1 < items.len() && widths.len() < 65_536 {
        let Some(start) = number(items[i]).map(|n| n as u32) else {
            break;
        };
        if let Some(list) = resolve(document, items[i + 1]).and_then(|o| o.as_array().ok()) {
            for (k, w) in list.iter().enumerate().take(65_536) {
                widths.insert(start + k as u32, number(w).unwrap_or(default));
            }
            i += 2;
        } else if let (Some(last), Some(width)) = (number(items[i + 1]), items.get(i + 2).and_then(|o| number(o))) {
            for cid in start..=(last as u32).min(start + 65_536) {
                widths.insert(cid, width);
            }
            i += 3;
        } else {
            break;
        }
    }
    Widths::Composite { default, widths }
}

struct Walk<'a, 'f> {
    document: &'a Document,
    fonts: &'f mut Fonts<'a>,
    text: String,
    forms_drawn: u32,
    /// The current font size, in text space units.
    font_size: f32,
    /// How far the text shown since the last move advanced, in text
    /// space units, to tell a move past it (a word gap) from a move onto
    /// the next glyph.
    advance: f32,
    /// The text line matrix (`a b c d e f`): where the current line
    /// starts, set by `Tm` and moved by `Td`, `TD`, `T*`.
    line: [f32; 6],
    /// The line spacing `T*` moves down by.
    leading: f32,
    /// Where the last text shown ended: its baseline and right edge.
    last: Option<(f32, f32)>,
    /// Whether the text was placed anew (`Tm`, or a new `BT` block) since
    /// it was last shown: the next text goes on a new line unless it sits
    /// on the same baseline further right, a table's next cell, which is
    /// set apart by a tab.
    placed: bool,
    /// Whether `T*` moved to the next line since text was last shown: the
    /// next text starts a line unless it is placed anew on the baseline of
    /// the last, further right. (Producers such as ReportLab end each
    /// string drawn with `T*`, the next cell of its row drawn after it.)
    line_ended: bool,
    /// The cell of a table row being drawn, if its lines may be one
    /// (see `track_cells`).
    cell: Option<Cell>,
    /// The cells of that row seen so far, while it has more than one.
    row: RowCells,
    /// The page's rows of more than one cell.
    rows: Vec<RowCells>,
    /// Glyphs drawn in fonts whose codes nothing here reads.
    unmapped: usize,
}

/// A run of lines that may be a table's cell: its text from `start`, its
/// lines' left edge, the baseline its row starts at, how many lines it
/// has, and how many cells its row has had; and, while it is its row's
/// first, where its last lines start in the text and their baselines (the
/// row may start at any of them: the lines before it are text above the
/// table at the same left edge).
#[derive(Clone, Copy)]
struct Cell {
    start: usize,
    left: f32,
    top: f32,
    lines: u32,
    cells: u32,
    line_starts: [(usize, f32); MAX_CELL_LINES as usize],
}

impl Cell {
    /// A run's first line, starting at `start` at `(left, top)`.
    fn new(start: usize, left: f32, top: f32) -> Cell {
        let mut line_starts = [(usize::MAX, f32::NAN); MAX_CELL_LINES as usize];
        line_starts[0] = (start, top);
        Cell {
            start,
            left,
            top,
            lines: 1,
            cells: 1,
            line_starts,
        }
    }

    /// The next line of the run, starting at `start` on `baseline`.
    fn next_line(mut self, start: usize, baseline: f32) -> Cell {
        let kept = self.line_starts.len();
        let at = self.lines as usize;
        if at < kept {
            self.line_starts[at] = (start, baseline);
        } else {
            self.line_starts.rotate_left(1);
            self.line_starts[kept - 1] = (start, baseline);
        }
        self.lines += 1;
        self
    }

    /// Where the run's last line starts in the text.
    fn last_line_start(&self) -> usize {
        let kept = self.line_starts.len();
        self.line_starts[(self.lines as usize - 1).min(kept - 1)].0
    }

    /// Where in the text the row's first cell starts, if a line going
    /// back up to `baseline` is its next cell: the line of the run on that
    /// baseline (a first cell), or the row's top.
    fn row_at(&self, baseline: f32, size: f32) -> Option<usize> {
        let near = |b: f32| (baseline - b).abs() < 0.5 * size;
        if self.cells > 1 {
            return (near(self.top) && self.lines <= MAX_LATER_CELL_LINES).then_some(self.start);
        }
        self.line_starts
            .iter()
            .rev()
            .find(|(at, b)| *at != usize::MAX && near(*b))
            .map(|(at, _)| *at)
    }
}

/// A row's first cell wraps to a few lines; past these, lines are a
/// column of text.
const MAX_CELL_LINES: u32 = 6;
/// A later cell of a row already seen to go back up to its top (an
/// address in a narrow column) may wrap to more.
const MAX_LATER_CELL_LINES: u32 = 24;

const IDENTITY: [f32; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Glyph width assumed when a font gives none, as a share of its size.
const AVERAGE_GLYPH: f32 = 0.55;

impl<'a> Walk<'a, '_> {
    /// Keeps track of the table cells a row is drawn in, one after the
    /// other, each with its wrapped lines (as LibreOffice draws a Word
    /// table): the text about to be shown at `(e, f)` starts a new line
    /// or cell. A line that goes back up to its row's first baseline,
    /// further right, after a cell of a few lines, is the row's next
    /// cell: the cell before has its lines joined and a tab ends it. A
    /// row of cells ends at a line elsewhere, its last cell joined too.
    fn track_cells(&mut self, e: f32, f: f32, size: f32) {
        let new_line = self.text.is_empty() || self.text.ends_with('\n');
        if !new_line && !self.text.ends_with('\t') {
            return;
        }
        let baseline = self.last.map(|(baseline, _)| baseline);
        // Where the row's first cell starts, if this line goes back up to
        // the row's top further right: the row's next cell.
        let row = self.cell.and_then(|cell| {
            let up = baseline.is_some_and(|b| f > b + 0.5 * size) && e > cell.left + size;
            up.then(|| cell.row_at(f, size)).flatten()
        });
        match self.cell {
            // The row's next cell on its baseline (`settle` set it apart).
            Some(cell) if !new_line => {
                let top = if cell.cells > 1 {
                    cell.top
                } else {
                    self.row.start(cell.last_line_start(), cell.left);
                    baseline.unwrap_or(f)
                };
                self.row.push(self.text.len(), e);
                self.cell = Some(Cell {
                    cells: cell.cells + 1,
                    ..Cell::new(self.text.len(), e, top)
                });
            }
            Some(cell) if row.is_some() => {
                let start = row.unwrap_or(cell.start);
                if cell.cells == 1 {
                    self.row.start(start, cell.left);
                }
                self.text.pop();
                join_cell_lines(&mut self.text, start);
                self.text.push('\t');
                self.row.push(self.text.len(), e);
                self.cell = Some(Cell {
                    cells: cell.cells + 1,
                    ..Cell::new(self.text.len(), e, f)
                });
            }
            Some(cell) if (e - cell.left).abs() < 0.5 * size && baseline.is_some_and(|b| f < b) => {
                self.cell = Some(cell.next_line(self.text.len(), f));
            }
            _ => {
                self.end_row();
                self.cell = Some(Cell::new(self.text.len(), e, f));
            }
        }
    }

    /// A row of cells ends: its last cell's lines are joined, and the row
    /// is kept.
    fn end_row(&mut self) {
        match self.cell.take() {
            Some(cell) if cell.cells > 1 => {
                let ends_line = self.text.ends_with('\n');
                if ends_line {
                    self.text.pop();
                }
                join_cell_lines(&mut self.text, cell.start);
                self.rows.push(std::mem::take(&mut self.row).ended(self.text.len()));
                if ends_line {
                    self.text.push('\n');
                }
            }
            // The page's first text, lines at one left edge: it may be
            // the rest of a single cell of a row the page before cut.
            Some(cell) if cell.start == 0 && self.rows.is_empty() && cell.lines <= MAX_LATER_CELL_LINES => {
                let mut row = RowCells::default();
                row.start(0, cell.left);
                self.rows.push(row.ended(self.text.trim_end_matches('\n').len()));
            }
            _ => {}
        }
    }

    fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// Moves to the start of the next line, offset by `dx`, `dy` from the
    /// start of the current one.
    fn move_line(&mut self, dx: f32, dy: f32) {
        let [a, b, c, d, e, f] = self.line;
        self.line = [a, b, c, d, dx * a + dy * c + e, dx * b + dy * d + f];
        self.advance = 0.0;
    }

    /// Text placed anew goes on a new line, unless it sits on the baseline
    /// of the text shown last, further right: then it is a table's next
    /// cell, set apart by a tab (never a space, so that numbers in
    /// neighbouring cells cannot read as one).
    fn settle(&mut self) {
        let line_ended = std::mem::take(&mut self.line_ended);
        if !std::mem::take(&mut self.placed) {
            if line_ended {
                self.newline();
            }
            return;
        }
        let [a, _, _, d, e, f] = self.line;
        let size = (self.font_size * d.abs().max(a.abs())).max(1.0);
        match self.last {
            Some((baseline, right)) if (f - baseline).abs() < 0.1 * size && e > right + 0.2 * size => {
                if !self.text.ends_with(['\t', '\n']) && !self.text.is_empty() {
                    self.text.push('\t');
                }
            }
            _ => self.newline(),
        }
    }

    fn content(&mut self, bytes: &[u8], resources: &Resources<'a>, depth: u32) -> lopdf::Result<()> {
        let content = lopdf::content::Content::decode(bytes)?;
        let mut font: Option<&Font<'a>> = None;
        for operation in &content.operations {
            let operands = &operation.operands;
            match operation.operator.as_str() {
                "Tf" => {
                    font = operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| resources.fonts.get(n))
                        .map(Rc::as_ref);
                    if let Some(size) = operands.get(1).and_then(|o| o.as_float().ok()).filter(|s| *s > 0.0) {
                        self.font_size = size;
                    }
                }
                "Td" | "TD" => {
                    let dx = operands.first().and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    let dy = operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    // Placed anew (a new block's first move), where the
                    // text goes is settled when it is shown.
                    if !self.placed {
                        if dy.abs() > 0.01 {
                            self.newline();
                        } else if dx > self.advance + 0.2 * self.font_size
                            && !self.text.is_empty()
                            && !self.text.ends_with([' ', '\n'])
                        {
                            self.text.push(' ');
                        }
                    }
                    if operation.operator == "TD" {
                        self.leading = -dy;
                    }
                    self.move_line(dx, dy);
                }
                "TL" => self.leading = operands.first().and_then(|o| o.as_float().ok()).unwrap_or(0.0),
                "T*" => {
                    self.placed = false;
                    self.line_ended = true;
                    self.move_line(0.0, -self.leading);
                }
                "BT" | "ET" => {
                    self.line = IDENTITY;
                    self.advance = 0.0;
                    self.placed = true;
                }
                "Tm" => {
                    let numbers: Vec<f32> = operands.iter().filter_map(|o| o.as_float().ok()).collect();
                    self.line = <[f32; 6]>::try_from(numbers).unwrap_or(IDENTITY);
                    self.advance = 0.0;
                    self.placed = true;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    self.settle();
                    if matches!(operation.operator.as_str(), "'" | "\"") {
                        self.newline();
                        self.move_line(0.0, -self.leading);
                    }
                    if let Some(font) = font {
                        let [a, _, _, d, e, f] = self.line;
                        self.track_cells(e, f, (self.font_size * d.abs().max(a.abs())).max(1.0));
                        self.show(font, operands);
                        let [a, _, _, _, e, f] = self.line;
                        self.last = Some((f, e + self.advance * a));
                    }
                }
                "Do" => {
                    let form = operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| resources.forms.get(n));
                    if let Some(form) = form {
                        self.form(form, resources, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws a form XObject: its own resources if it has them, else its
    /// parent's.
    fn form(&mut self, form: &'a Stream, parent: &Resources<'a>, depth: u32) -> lopdf::Result<()> {
        if depth >= MAX_FORM_DEPTH || self.forms_drawn >= MAX_FORMS {
            return Ok(());
        }
        self.forms_drawn += 1;
        let bytes = form.decompressed_content().unwrap_or_else(|_| form.content.clone());
        match dict_entry(self.document, &form.dict, b"Resources") {
            Some(own) => {
                let own = resources(self.document, &[own], self.fonts);
                self.content(&bytes, &own, depth + 1)
            }
            None => self.content(&bytes, parent, depth + 1),
        }
    }
}

impl Walk<'_, '_> {
    /// Appends shown strings and advances past them; a kerning gap wider
    /// than a space is a space.
    fn show(&mut self, font: &Font<'_>, operands: &[Object]) {
        for operand in operands {
            match operand {
                Object::String(bytes, _) => {
                    self.unmapped += font.decoding.unmapped_glyphs(bytes);
                    if let Some(decoded) = font.decoding.decode(bytes) {
                        self.advance += font.widths.measure(bytes, decoded.chars().count()) * self.font_size;
                        self.text.push_str(&decoded);
                    }
                }
                Object::Array(items) => self.show(font, items),
                Object::Integer(_) | Object::Real(_) => {
                    let shift = operand.as_float().unwrap_or(0.0);
                    self.advance -= shift / 1000.0 * self.font_size;
                    if shift < -200.0 {
                        self.text.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
}
