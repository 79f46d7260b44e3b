//! `concord export table`: the coordinator's table, long or wide, as CSV or a workbook.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::app::with_source;
use concord_core::interop::table::long_table;
use concord_print::table::{Book, LongCsv, wide, wide_csv, xlsx};

/// The arguments of `concord export table`.
#[derive(Debug, clap::Args)]
pub struct Args {
    scenario: Option<PathBuf>,
    /// csv: one layout; xlsx: a workbook with both layouts and the matrix, contested and status
    /// tables (needs -o FILE).
    #[arg(long, value_enum, default_value_t = TableFile::Csv)]
    format: TableFile,
    /// long: lossless, one row per position entry; wide: the comparison table (CSV only: a
    /// workbook holds both).
    #[arg(long, value_enum)]
    layout: Option<Layout>,
}

/// The file formats of `export table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFile {
    /// RFC 4180, CRLF line ends.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// The layouts of the coordinator's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One row per position entry (a dated version of a cell, or a member state's position).
    Long,
    /// One row per item, one column per group.
    Wide,
}

impl Args {
    /// The request: a workbook is a binary file, written with -o.
    pub fn request(self, context: &Context) -> Result<Command, String> {
        if self.format == TableFile::Xlsx {
            if self.layout.is_some() {
                return Err(
                    "a workbook holds both layouts: drop --layout with --format xlsx".into(),
                );
            }
            if context.output.is_none() {
                return Err("xlsx is a binary file: give -o FILE".into());
            }
        }
        Ok(Command::ExportTable {
            scenario: scenario(self.scenario),
            format: self.format,
            layout: self.layout.unwrap_or(Layout::Long),
        })
    }
}

pub(crate) fn run(
    scenario: &ScenarioRef,
    format: TableFile,
    layout: Layout,
    settings: &Settings,
) -> Result<Output, Error> {
    match (format, layout) {
        (TableFile::Csv, Layout::Long) => {
            // Written row by row as the files are read: the table is never held whole.
            let mut table = LongCsv::default();
            let loaded = with_source(scenario, &settings.whatifs, settings, |s, p, o| {
                long_table(s, p, o, &mut |row| table.push(&row))
            })?;
            let csv = table.finish();
            // `--fail-on contested` analyses the scenario in `finish` only when asked.
            Ok(finish(settings, Kind::Csv, (csv, vec![loaded], None)))
        }
        (TableFile::Csv, Layout::Wide) => {
            let loaded = load_with(scenario, &settings.whatifs, settings)?;
            let analysed = analysis::Analysed::new(&loaded.scenario, &settings.analysis);
            let contested = any_contested(&analysed.analysis);
            let csv = wide_csv(&wide(&loaded.scenario, &analysed.analysis));
            Ok(finish(
                settings,
                Kind::Csv,
                (csv, vec![loaded], Some(contested)),
            ))
        }
        (TableFile::Xlsx, _) => workbook(scenario, settings),
    }
}

/// The workbook: both layouts and the matrix, contested and status tables.
fn workbook(scenario: &ScenarioRef, settings: &Settings) -> Result<Output, Error> {
    let mut rows = Vec::new();
    let loaded = with_source(scenario, &settings.whatifs, settings, |s, p, o| {
        long_table(s, p, o, &mut |row| rows.push(row))
    })?;
    let analysed = analysis::Analysed::new(&loaded.scenario, &settings.analysis);
    let contested = any_contested(&analysed.analysis);
    let scenario = &loaded.scenario;
    let analysis = &analysed.analysis;
    let matrix = print::csv::matrix(&MatrixView::build(scenario, analysis));
    let contested_csv =
        print::csv::contested(&ContestedView::build(scenario, analysis, usize::MAX));
    let status = print::progress::csv(&concord_print::progress::progress(scenario, analysis));
    let wide = wide(scenario, analysis);
    let book = Book {
        conference: &scenario.conference.id,
        long: &rows,
        wide: &wide,
        tables: [
            ("Matrix", matrix),
            ("Contested", contested_csv),
            ("Status", status),
        ],
    };
    let marking = Marking::of([scenario]);
    let bytes = xlsx(&book, marking.line().as_deref()).map_err(|message| Error::Usage {
        message: format!("the workbook cannot be written: {message}"),
        hint: Some("export the CSV layouts instead".into()),
    })?;
    let mut output = finish(
        settings,
        Kind::Plain,
        (String::new(), vec![loaded], Some(contested)),
    );
    output.stream = Some(Stream::new(move |out| out.write_all(&bytes)));
    Ok(output)
}
