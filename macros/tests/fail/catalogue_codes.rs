//! Codes the catalogue does not have, codes it has that the enum lacks, and no variant for unknown codes.
use contracts_macros::Catalogue;

#[derive(Catalogue)]
#[catalogue(id = "gender")]
enum Sex {
    #[catalogue(code = "1")]
    Male,
    #[catalogue(code = "3")]
    Other,
}

fn main() {}
