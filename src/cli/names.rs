//! How disputed names read, on the command line as in the legend (`render`, `at`).

use clap::ValueEnum;
use karabakh_atlas::data;

/// How disputed names read, on the command line as in the legend.
#[derive(clap::Args)]
pub struct NameArgs {
    /// How disputed names read.
    #[arg(long, value_enum, default_value_t = NamesArg::Admin)]
    pub names: NamesArg,
    /// Write names in their native scripts (Ստեփանակերտ / Xankəndi).
    #[arg(long)]
    pub native_script: bool,
}

/// The orders of a disputed name that `--names` offers.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum NamesArg {
    /// The usage of the side that administered the place on the date first (also `by-date`).
    #[value(alias = "by-date")]
    Admin,
    /// Both usages, as written in the data.
    Both,
    /// Armenian usage first.
    Hy,
    /// Azerbaijani usage first.
    Az,
}

impl NameArgs {
    pub fn style(&self) -> data::NameStyle {
        data::NameStyle {
            order: match self.names {
                NamesArg::Admin => data::NameOrder::ByAdministration,
                NamesArg::Both => data::NameOrder::Both,
                NamesArg::Hy => data::NameOrder::ArmenianFirst,
                NamesArg::Az => data::NameOrder::AzerbaijaniFirst,
            },
            native: self.native_script,
        }
    }
}
