//! A user's enum bound to a catalogue, used as the type of a code field.
use contracts_macros::Catalogue;
use contracts_runtime::Catalogue as _;

#[derive(Debug, PartialEq, Catalogue)]
#[catalogue(id = "gender")]
enum Sex {
    #[catalogue(code = "0")]
    Unknown,
    #[catalogue(code = "1")]
    Male,
    #[catalogue(code = "2")]
    Female,
    #[catalogue(other)]
    Other(String),
}

fn main() {
    assert_eq!(Sex::from_code("2"), Sex::Female);
    assert_eq!(Sex::from_code("7"), Sex::Other("7".into()));
    let _ = (Sex::Unknown, Sex::Male);
}
