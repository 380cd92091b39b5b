//! Compares two checked registries and classifies every change by a rule of the table below.
//!
//! Each rule has a stable id, a severity per direction, and says whether it breaks the wire and generated Rust.
//!
//! The diff reads two [`Registry`] values only: it never parses YAML or derives a name. Elements are matched by
//! id, fields by wire name and codes by code, so reordering fields, codes or files changes nothing.
//!
//! Direction: the system that answers a request implements a new version when it is published; the systems
//! that call it follow later. So a request breaks when a payload that was valid becomes invalid (its old
//! senders are rejected), and a response breaks when it may carry what an old reader does not expect. Readers
//! are tolerant of two things, as the generated types are: a field they do not know (ignored) and a code they do
//! not know (kept as `Unlisted`).

mod catalogues;
mod contracts;
mod databases;
pub mod element;
mod fields;
mod identifiers;
mod legal;
mod records;
mod registry;
#[cfg(feature = "cli")]
pub mod render;
pub mod usage;

use std::fmt;

use crate::model::{Approval, Registry, Status};
use crate::source::Span;

pub use usage::Usage;

/// How much a change matters to the systems that implement the contracts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Compatible: additions and text.
    Info,
    /// Existing systems keep working but should act (a deprecation, a code they will see, a new obligation).
    Warning,
    /// Existing systems stop working on the wire, or code using the generated crate stops compiling.
    Breaking,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Breaking, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a semantic version a change requires to grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a rule classifies a change in one direction: its severity, and whether payloads stop being understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Class {
    pub severity: Severity,
    pub breaks_wire: bool,
}

impl Class {
    /// Breaking on the wire.
    pub const WIRE: Class = Class {
        severity: Severity::Breaking,
        breaks_wire: true,
    };
    /// Breaking, but not on the wire: only code using the generated crate.
    pub const CODE: Class = Class {
        severity: Severity::Breaking,
        breaks_wire: false,
    };
    pub const WARN: Class = Class {
        severity: Severity::Warning,
        breaks_wire: false,
    };
    pub const INFO: Class = Class {
        severity: Severity::Info,
        breaks_wire: false,
    };

    fn worst(self, other: Class) -> Class {
        Class {
            severity: self.severity.max(other.severity),
            breaks_wire: self.breaks_wire || other.breaks_wire,
        }
    }
}

macro_rules! rules {
    ($(
        $variant:ident = $id:literal, $bump:ident, request $request:ident, response $response:ident, rust $rust:literal,
        $en:literal, $vi:literal;
    )*) => {
        /// Every kind of change, with a stable id that approvals, tools and documentation rely on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            /// Every rule, in the order of the table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable kebab-case id, e.g. `field-required-added`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The class of the change where the element travels in a request.
            pub fn request(self) -> Class {
                match self { $(Rule::$variant => Class::$request,)* }
            }

            /// The class of the change where the element travels in a response.
            pub fn response(self) -> Class {
                match self { $(Rule::$variant => Class::$response,)* }
            }

            /// Whether code written against the generated Rust crate stops compiling.
            pub fn breaks_rust(self) -> bool {
                match self { $(Rule::$variant => $rust,)* }
            }

            /// The version bump the change requires where it is not breaking (a breaking change requires major).
            pub fn compatible_bump(self) -> Bump {
                match self { $(Rule::$variant => Bump::$bump,)* }
            }

            /// One line saying what changed, in English.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $en,)* }
            }

            /// The same line in Vietnamese.
            pub fn summary_vi(self) -> &'static str {
                match self { $(Rule::$variant => $vi,)* }
            }
        }
    };
}

rules! {
    // The registry as a whole.
    RegistryWireDefaultChanged = "registry-wire-default-changed", Minor, request INFO, response INFO, rust false,
        "the default wire format of a type changed (each field it moves is reported too)",
        "định dạng truyền mặc định của một kiểu thay đổi (từng trường bị ảnh hưởng được báo riêng)";
    AuthSchemeAdded = "auth-scheme-added", Minor, request INFO, response INFO, rust false,
        "an authentication scheme was added", "thêm một cơ chế xác thực";
    AuthSchemeRemoved = "auth-scheme-removed", Minor, request WARN, response WARN, rust false,
        "an authentication scheme was removed", "bỏ một cơ chế xác thực";
    AuthSchemeTypeChanged = "auth-scheme-type-changed", Minor, request WIRE, response WIRE, rust false,
        "an authentication scheme works differently", "cơ chế xác thực thay đổi cách hoạt động";
    AuthSchemeTextChanged = "auth-scheme-text-changed", Patch, request INFO, response INFO, rust false,
        "the label or description of an authentication scheme changed", "tên hoặc mô tả của cơ chế xác thực thay đổi";
    // Identifiers (their constraints are also reported on every field that uses them).
    IdentifierAdded = "identifier-added", Minor, request INFO, response INFO, rust false,
        "an identifier format was added", "thêm một định dạng mã định danh";
    IdentifierRemoved = "identifier-removed", Minor, request WARN, response WARN, rust false,
        "an identifier format was removed", "bỏ một định dạng mã định danh";
    IdentifierPatternChanged = "identifier-pattern-changed", Minor, request INFO, response INFO, rust false,
        "the pattern of an identifier changed", "mẫu của mã định danh thay đổi";
    IdentifierLengthChanged = "identifier-length-changed", Minor, request INFO, response INFO, rust false,
        "the length bounds of an identifier changed", "giới hạn độ dài của mã định danh thay đổi";
    IdentifierTextChanged = "identifier-text-changed", Patch, request INFO, response INFO, rust false,
        "the label, description or examples of an identifier changed", "tên, mô tả hoặc ví dụ của mã định danh thay đổi";
    // Legal sources and references.
    LegalSourceAdded = "legal-source-added", Minor, request INFO, response INFO, rust false,
        "a legal source was added", "thêm một văn bản pháp lý";
    LegalSourceRemoved = "legal-source-removed", Minor, request WARN, response WARN, rust false,
        "a legal source was removed", "bỏ một văn bản pháp lý";
    LegalSourceDetailsChanged = "legal-source-details-changed", Patch, request INFO, response INFO, rust false,
        "the number, title, dates or address of a legal source changed", "số, tên, ngày hoặc địa chỉ của văn bản pháp lý thay đổi";
    LegalProvisionAdded = "legal-provision-added", Minor, request INFO, response INFO, rust false,
        "a provision was added to a legal source", "thêm một điều, khoản hoặc điểm vào văn bản pháp lý";
    LegalProvisionRemoved = "legal-provision-removed", Minor, request WARN, response WARN, rust false,
        "a provision was removed from a legal source", "bỏ một điều, khoản hoặc điểm khỏi văn bản pháp lý";
    LegalProvisionTextChanged = "legal-provision-text-changed", Patch, request INFO, response INFO, rust false,
        "the text of a provision changed", "nội dung của điều, khoản hoặc điểm thay đổi";
    ContractLegalChanged = "contract-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a contract implements changed", "căn cứ pháp lý của hợp đồng thay đổi";
    RecordLegalChanged = "record-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a record implements changed", "căn cứ pháp lý của cấu trúc bản ghi thay đổi";
    CatalogueLegalChanged = "catalogue-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a catalogue implements changed", "căn cứ pháp lý của danh mục thay đổi";
    CodeLegalChanged = "code-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a code implements changed", "căn cứ pháp lý của mã thay đổi";
    FieldLegalChanged = "field-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a field implements changed", "căn cứ pháp lý của trường thay đổi";
    // Contracts and their operations.
    ContractAdded = "contract-added", Minor, request INFO, response INFO, rust false,
        "a contract was added", "thêm một hợp đồng dữ liệu";
    ContractRemoved = "contract-removed", Minor, request WIRE, response WIRE, rust true,
        "a contract was removed", "bỏ một hợp đồng dữ liệu";
    ContractActivated = "contract-activated", Minor, request WARN, response WARN, rust false,
        "a proposed contract became active", "hợp đồng đề xuất chuyển sang có hiệu lực";
    ContractDeprecated = "contract-deprecated", Minor, request WARN, response WARN, rust false,
        "a contract was deprecated", "hợp đồng bị đánh dấu ngừng sử dụng";
    ContractStatusChanged = "contract-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a contract changed", "trạng thái của hợp đồng thay đổi";
    ContractProviderChanged = "contract-provider-changed", Minor, request WIRE, response WIRE, rust false,
        "the party that provides the data changed", "bên cung cấp dữ liệu thay đổi";
    ContractConsumerChanged = "contract-consumer-changed", Minor, request WIRE, response WIRE, rust false,
        "the party that consumes the data changed", "bên sử dụng dữ liệu thay đổi";
    ContractChannelChanged = "contract-channel-changed", Minor, request WIRE, response WIRE, rust false,
        "the connection channel changed", "kênh kết nối thay đổi";
    ContractOperationChanged = "contract-operation-changed", Minor, request WIRE, response WIRE, rust false,
        "the operation name changed", "tên nghiệp vụ thay đổi";
    ContractMethodChanged = "contract-method-changed", Minor, request WIRE, response WIRE, rust false,
        "the HTTP method changed", "phương thức HTTP thay đổi";
    ContractPathChanged = "contract-path-changed", Minor, request WIRE, response WIRE, rust false,
        "the HTTP path changed", "đường dẫn HTTP thay đổi";
    ContractAuthChanged = "contract-auth-changed", Minor, request WIRE, response WIRE, rust false,
        "the authentication scheme changed", "cơ chế xác thực của hợp đồng thay đổi";
    ContractSignatureRequired = "contract-signature-required", Minor, request WIRE, response WIRE, rust false,
        "payloads must now be signed", "dữ liệu từ nay phải được ký số";
    ContractSignatureNoLongerRequired = "contract-signature-no-longer-required", Minor, request WARN, response WARN, rust false,
        "payloads no longer have to be signed", "dữ liệu không còn bắt buộc ký số";
    ContractSignatureOptionalChanged = "contract-signature-optional-changed", Minor, request INFO, response INFO, rust false,
        "signing became allowed, or no longer allowed, without being required", "việc ký số (không bắt buộc) được cho phép hoặc bỏ";
    ContractEncryptionRequired = "contract-encryption-required", Minor, request WIRE, response WIRE, rust false,
        "payloads must now be encrypted", "dữ liệu từ nay phải được mã hóa";
    ContractEncryptionNoLongerRequired = "contract-encryption-no-longer-required", Minor, request WARN, response WARN, rust false,
        "payloads no longer have to be encrypted", "dữ liệu không còn bắt buộc mã hóa";
    ContractEncryptionOptionalChanged = "contract-encryption-optional-changed", Minor, request INFO, response INFO, rust false,
        "encryption became allowed, or no longer allowed, without being required", "việc mã hóa (không bắt buộc) được cho phép hoặc bỏ";
    ContractTitleChanged = "contract-title-changed", Patch, request INFO, response INFO, rust false,
        "the title of a contract changed", "tên của hợp đồng thay đổi";
    ContractDescriptionChanged = "contract-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a contract changed", "mô tả của hợp đồng thay đổi";
    ContractExamplesChanged = "contract-examples-changed", Patch, request INFO, response INFO, rust false,
        "the examples of a contract changed", "ví dụ của hợp đồng thay đổi";
    PayloadDescriptionChanged = "payload-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a request or response changed", "mô tả của yêu cầu hoặc phản hồi thay đổi";
    // Fields of payloads and records.
    FieldRequiredAdded = "field-required-added", Minor, request WIRE, response INFO, rust false,
        "a required field was added", "thêm một trường bắt buộc";
    FieldOptionalAdded = "field-optional-added", Minor, request INFO, response INFO, rust false,
        "an optional field was added", "thêm một trường không bắt buộc";
    FieldRequiredRemoved = "field-required-removed", Minor, request WIRE, response WIRE, rust true,
        "a required field was removed", "bỏ một trường bắt buộc";
    FieldOptionalRemoved = "field-optional-removed", Minor, request WIRE, response CODE, rust true,
        "an optional field was removed", "bỏ một trường không bắt buộc";
    FieldWireNameChanged = "field-wire-name-changed", Minor, request WIRE, response WIRE, rust false,
        "a field is sent under another name", "trường được truyền với tên khác";
    FieldRustNameChanged = "field-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust name of a field changed", "tên Rust của trường thay đổi";
    FieldTypeChanged = "field-type-changed", Minor, request WIRE, response WIRE, rust true,
        "the type of a field changed", "kiểu dữ liệu của trường thay đổi";
    FieldCatalogueChanged = "field-catalogue-changed", Minor, request WIRE, response WIRE, rust true,
        "a field takes its codes from another catalogue", "trường lấy mã từ danh mục khác";
    FieldRecordChanged = "field-record-changed", Minor, request WIRE, response WIRE, rust true,
        "a field holds another record", "trường chứa cấu trúc bản ghi khác";
    FieldIdentifierChanged = "field-identifier-changed", Patch, request INFO, response INFO, rust false,
        "a field refers to another identifier format (its constraints are reported on their own)",
        "trường theo định dạng mã định danh khác (ràng buộc được báo riêng)";
    FieldFormatChanged = "field-format-changed", Minor, request WIRE, response WIRE, rust false,
        "the wire format of a field changed", "định dạng truyền của trường thay đổi";
    FieldRustTypeChanged = "field-rust-type-changed", Minor, request CODE, response CODE, rust true,
        "the Rust type of a field changed", "kiểu Rust của trường thay đổi";
    FieldBecameRequired = "field-became-required", Minor, request WIRE, response CODE, rust true,
        "an optional field became required", "trường không bắt buộc trở thành bắt buộc";
    FieldBecameOptional = "field-became-optional", Minor, request CODE, response WIRE, rust true,
        "a required field became optional", "trường bắt buộc trở thành không bắt buộc";
    FieldBecameList = "field-became-list", Minor, request WIRE, response WIRE, rust true,
        "a single value became a list", "giá trị đơn trở thành danh sách";
    FieldBecameSingle = "field-became-single", Minor, request WIRE, response WIRE, rust true,
        "a list became a single value", "danh sách trở thành giá trị đơn";
    FieldMinItemsRaised = "field-min-items-raised", Minor, request WIRE, response INFO, rust false,
        "a list needs more items", "danh sách cần nhiều phần tử hơn";
    FieldMinItemsLowered = "field-min-items-lowered", Minor, request INFO, response WIRE, rust false,
        "a list may have fewer items", "danh sách được phép ít phần tử hơn";
    FieldMaxItemsLowered = "field-max-items-lowered", Minor, request WIRE, response INFO, rust false,
        "a list may have fewer items at most", "danh sách được phép có tối đa ít phần tử hơn";
    FieldMaxItemsRaised = "field-max-items-raised", Minor, request INFO, response WIRE, rust false,
        "a list may have more items", "danh sách được phép nhiều phần tử hơn";
    FieldPatternAdded = "field-pattern-added", Minor, request WIRE, response INFO, rust false,
        "a field must now match a pattern", "trường từ nay phải khớp một mẫu";
    FieldPatternRemoved = "field-pattern-removed", Minor, request INFO, response WIRE, rust false,
        "a field no longer has to match a pattern", "trường không còn phải khớp mẫu";
    FieldPatternChanged = "field-pattern-changed", Minor, request WIRE, response WIRE, rust false,
        "the pattern of a field changed", "mẫu của trường thay đổi";
    FieldMinLengthRaised = "field-min-length-raised", Minor, request WIRE, response INFO, rust false,
        "a text must be longer", "văn bản phải dài hơn";
    FieldMinLengthLowered = "field-min-length-lowered", Minor, request INFO, response WIRE, rust false,
        "a text may be shorter", "văn bản được phép ngắn hơn";
    FieldMaxLengthLowered = "field-max-length-lowered", Minor, request WIRE, response INFO, rust false,
        "a text must be shorter", "văn bản phải ngắn hơn";
    FieldMaxLengthRaised = "field-max-length-raised", Minor, request INFO, response WIRE, rust false,
        "a text may be longer", "văn bản được phép dài hơn";
    FieldMinimumRaised = "field-minimum-raised", Minor, request WIRE, response INFO, rust false,
        "a number has a higher minimum", "giá trị nhỏ nhất của số tăng";
    FieldMinimumLowered = "field-minimum-lowered", Minor, request INFO, response WIRE, rust false,
        "a number has a lower minimum", "giá trị nhỏ nhất của số giảm";
    FieldMaximumLowered = "field-maximum-lowered", Minor, request WIRE, response INFO, rust false,
        "a number has a lower maximum", "giá trị lớn nhất của số giảm";
    FieldMaximumRaised = "field-maximum-raised", Minor, request INFO, response WIRE, rust false,
        "a number has a higher maximum", "giá trị lớn nhất của số tăng";
    FieldPersonalDataRaised = "field-personal-data-raised", Minor, request WARN, response WARN, rust false,
        "a field holds a more protected class of personal data", "trường chứa loại dữ liệu cá nhân cần bảo vệ cao hơn";
    FieldPersonalDataLowered = "field-personal-data-lowered", Minor, request INFO, response INFO, rust false,
        "a field holds a less protected class of personal data", "trường chứa loại dữ liệu cá nhân cần bảo vệ thấp hơn";
    FieldActivated = "field-activated", Minor, request WARN, response WARN, rust false,
        "a proposed field became active", "trường đề xuất chuyển sang có hiệu lực";
    FieldDeprecated = "field-deprecated", Minor, request WARN, response WARN, rust false,
        "a field was deprecated", "trường bị đánh dấu ngừng sử dụng";
    FieldStatusChanged = "field-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a field changed", "trạng thái của trường thay đổi";
    FieldLabelChanged = "field-label-changed", Patch, request INFO, response INFO, rust false,
        "the label of a field changed", "nhãn của trường thay đổi";
    FieldDescriptionChanged = "field-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a field changed", "mô tả của trường thay đổi";
    FieldExampleChanged = "field-example-changed", Patch, request INFO, response INFO, rust false,
        "the example of a field changed", "ví dụ của trường thay đổi";
    // Records.
    RecordAdded = "record-added", Minor, request INFO, response INFO, rust false,
        "a record was added", "thêm một cấu trúc bản ghi";
    RecordRemoved = "record-removed", Minor, request CODE, response CODE, rust true,
        "a record was removed", "bỏ một cấu trúc bản ghi";
    RecordRustNameChanged = "record-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust type name of a record changed", "tên kiểu Rust của cấu trúc bản ghi thay đổi";
    RecordActivated = "record-activated", Minor, request WARN, response WARN, rust false,
        "a proposed record became active", "cấu trúc bản ghi đề xuất chuyển sang có hiệu lực";
    RecordDeprecated = "record-deprecated", Minor, request WARN, response WARN, rust false,
        "a record was deprecated", "cấu trúc bản ghi bị đánh dấu ngừng sử dụng";
    RecordStatusChanged = "record-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a record changed", "trạng thái của cấu trúc bản ghi thay đổi";
    RecordLabelChanged = "record-label-changed", Patch, request INFO, response INFO, rust false,
        "the label of a record changed", "tên của cấu trúc bản ghi thay đổi";
    RecordDescriptionChanged = "record-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a record changed", "mô tả của cấu trúc bản ghi thay đổi";
    // Catalogues and their codes.
    CatalogueAdded = "catalogue-added", Minor, request INFO, response INFO, rust false,
        "a catalogue was added", "thêm một danh mục";
    CatalogueRemoved = "catalogue-removed", Minor, request CODE, response CODE, rust true,
        "a catalogue was removed", "bỏ một danh mục";
    CatalogueFormatChanged = "catalogue-format-changed", Minor, request WIRE, response WIRE, rust false,
        "the codes of a catalogue travel in another format", "mã của danh mục được truyền theo định dạng khác";
    CatalogueRustNameChanged = "catalogue-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust type name of a catalogue changed", "tên kiểu Rust của danh mục thay đổi";
    CatalogueActivated = "catalogue-activated", Minor, request WARN, response WARN, rust false,
        "a proposed catalogue became active", "danh mục đề xuất chuyển sang có hiệu lực";
    CatalogueDeprecated = "catalogue-deprecated", Minor, request WARN, response WARN, rust false,
        "a catalogue was deprecated", "danh mục bị đánh dấu ngừng sử dụng";
    CatalogueStatusChanged = "catalogue-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a catalogue changed", "trạng thái của danh mục thay đổi";
    CatalogueLabelChanged = "catalogue-label-changed", Patch, request INFO, response INFO, rust false,
        "the label of a catalogue changed", "tên của danh mục thay đổi";
    CatalogueDescriptionChanged = "catalogue-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a catalogue changed", "mô tả của danh mục thay đổi";
    CodeAdded = "code-added", Minor, request INFO, response WARN, rust false,
        "a code was added", "thêm một mã";
    CodeRemoved = "code-removed", Minor, request WIRE, response CODE, rust true,
        "a code was removed", "bỏ một mã";
    CodeRecoded = "code-recoded", Minor, request WIRE, response WIRE, rust false,
        "an entry is sent under another code", "một mục được truyền bằng mã khác";
    CodeRustNameChanged = "code-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust variant name of a code changed", "tên biến thể Rust của mã thay đổi";
    CodeRelabelled = "code-relabelled", Minor, request WARN, response WARN, rust false,
        "the label (the meaning) of a code changed", "nhãn (ý nghĩa) của mã thay đổi";
    CodeDescriptionChanged = "code-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a code changed", "mô tả của mã thay đổi";
    CodeDeprecated = "code-deprecated", Minor, request WARN, response WARN, rust false,
        "a code was deprecated", "mã bị đánh dấu ngừng sử dụng";
    CodeUndeprecated = "code-undeprecated", Minor, request INFO, response INFO, rust false,
        "a deprecated code is in use again", "mã đã ngừng sử dụng được dùng lại";
    CodeReplacementChanged = "code-replacement-changed", Minor, request WARN, response WARN, rust false,
        "the replacement of a deprecated code changed", "mã thay thế của mã ngừng sử dụng thay đổi";
    CodeVariantAdded = "code-variant-added", Minor, request INFO, response INFO, rust false,
        "another system's code was mapped to a code", "thêm ánh xạ mã của hệ thống khác";
    CodeVariantRemoved = "code-variant-removed", Minor, request WARN, response WARN, rust false,
        "another system's code is no longer mapped", "bỏ ánh xạ mã của hệ thống khác";
    CodeVariantChanged = "code-variant-changed", Minor, request WARN, response WARN, rust false,
        "another system's code for a code changed", "mã tương ứng của hệ thống khác thay đổi";
    VariantSystemAdded = "variant-system-added", Minor, request INFO, response INFO, rust false,
        "a catalogue maps the codes of another system", "danh mục thêm ánh xạ mã của một hệ thống khác";
    VariantSystemRemoved = "variant-system-removed", Minor, request WARN, response WARN, rust false,
        "a catalogue no longer maps the codes of another system", "danh mục bỏ ánh xạ mã của một hệ thống khác";
    FieldPrefillChanged = "field-prefill-changed", Minor, request INFO, response INFO, rust false,
        "the database attribute that pre-fills a field changed", "thuộc tính cơ sở dữ liệu dùng để tự động điền trường thay đổi";
    // Owners.
    OwnerAdded = "owner-added", Minor, request INFO, response INFO, rust false,
        "an owner was added", "thêm một cơ quan quản lý";
    OwnerRemoved = "owner-removed", Minor, request WARN, response WARN, rust false,
        "an owner was removed", "bỏ một cơ quan quản lý";
    OwnerDetailsChanged = "owner-details-changed", Patch, request INFO, response INFO, rust false,
        "the agency code, name, status, description or contact of an owner changed",
        "mã định danh, tên, trạng thái, mô tả hoặc đầu mối liên hệ của cơ quan quản lý thay đổi";
    OwnerChanged = "owner-changed", Minor, request WARN, response WARN, rust false,
        "an element is now kept by another owner", "một thành phần chuyển sang cơ quan quản lý khác";
    OwnerAssigned = "owner-assigned", Patch, request INFO, response INFO, rust false,
        "an element names its owner for the first time", "một thành phần lần đầu nêu cơ quan quản lý";
    // Databases and their attributes (read by the systems that use them, like a response).
    DatabaseAdded = "database-added", Minor, request INFO, response INFO, rust false,
        "a database was described", "thêm mô tả một cơ sở dữ liệu";
    DatabaseRemoved = "database-removed", Minor, request WARN, response WARN, rust false,
        "a database description was removed", "bỏ mô tả một cơ sở dữ liệu";
    DatabaseStatusChanged = "database-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a database description changed", "trạng thái mô tả cơ sở dữ liệu thay đổi";
    DatabaseAccessChanged = "database-access-changed", Minor, request WARN, response WARN, rust false,
        "the access conditions of a database changed", "điều kiện khai thác cơ sở dữ liệu thay đổi";
    DatabaseServicesChanged = "database-services-changed", Minor, request WARN, response WARN, rust false,
        "the NDXP services that expose a database changed", "dịch vụ NDXP cung cấp cơ sở dữ liệu thay đổi";
    DatabaseTextChanged = "database-text-changed", Patch, request INFO, response INFO, rust false,
        "the name, description, legal basis or NDXP row of a database changed",
        "tên, mô tả, căn cứ pháp lý hoặc dòng NDXP của cơ sở dữ liệu thay đổi";
    AttributeAdded = "attribute-added", Minor, request INFO, response INFO, rust false,
        "a database attribute was published", "công bố thêm một thuộc tính của cơ sở dữ liệu";
    AttributeRemoved = "attribute-removed", Minor, request WIRE, response WIRE, rust false,
        "a database attribute was removed", "bỏ một thuộc tính của cơ sở dữ liệu";
    AttributeRetyped = "attribute-retyped", Minor, request WIRE, response WIRE, rust false,
        "the type, list shape or wire format of a database attribute changed",
        "kiểu, dạng danh sách hoặc định dạng truyền của thuộc tính cơ sở dữ liệu thay đổi";
    AttributeConstraintsChanged = "attribute-constraints-changed", Minor, request WARN, response WARN, rust false,
        "the constraints, presence, personal-data class or status of a database attribute changed",
        "ràng buộc, tính bắt buộc, loại dữ liệu cá nhân hoặc trạng thái của thuộc tính cơ sở dữ liệu thay đổi";
    AttributeTextChanged = "attribute-text-changed", Patch, request INFO, response INFO, rust false,
        "the label, description, example or legal basis of a database attribute changed",
        "nhãn, mô tả, ví dụ hoặc căn cứ pháp lý của thuộc tính cơ sở dữ liệu thay đổi";
    // Reuse declarations: which dossier components database attributes replace.
    ReuseAdded = "reuse-added", Minor, request INFO, response INFO, rust false,
        "a dossier component is now replaced by database attributes: citizens no longer submit it",
        "thành phần hồ sơ được thay thế bằng dữ liệu: người dân không phải nộp nữa";
    ReuseWithdrawn = "reuse-withdrawn", Minor, request WARN, response WARN, rust false,
        "a dossier component is no longer replaced: citizens must submit the paper again",
        "thành phần hồ sơ không còn được thay thế: người dân phải nộp lại giấy tờ";
    ReuseAttributesChanged = "reuse-attributes-changed", Minor, request WARN, response WARN, rust false,
        "other database attributes replace a dossier component", "thành phần hồ sơ được thay thế bằng các thuộc tính khác";
    ReuseDecisionChanged = "reuse-decision-changed", Minor, request WARN, response WARN, rust false,
        "the decision, start date or status of a replaced dossier component changed",
        "quyết định, ngày áp dụng hoặc trạng thái thay thế thành phần hồ sơ thay đổi";
    ReuseTextChanged = "reuse-text-changed", Patch, request INFO, response INFO, rust false,
        "the procedure name, component name, description or note of a reuse declaration changed",
        "tên thủ tục, tên thành phần hồ sơ, mô tả hoặc ghi chú của khai báo thay thế thay đổi";
}

impl Rule {
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The class of the change for an element that travels as `usage` says.
    ///
    /// An element no payload carries breaks nothing on the wire; it is breaking only when it breaks Rust code.
    pub fn classify(self, usage: Usage) -> Class {
        match (usage.request, usage.response) {
            (true, true) => self.request().worst(self.response()),
            (true, false) => self.request(),
            (false, true) => self.response(),
            (false, false) if self.breaks_rust() => Class::CODE,
            (false, false) => Class::INFO,
        }
    }

    /// The version bump a change of this rule requires where it is of `severity`.
    pub fn bump(self, severity: Severity) -> Bump {
        if severity == Severity::Breaking {
            Bump::Major
        } else {
            self.compatible_bump()
        }
    }

    /// `contract-activated`, `contract-deprecated` or `contract-status-changed` for a status change of `kind`.
    fn for_status(kinds: [Rule; 3], before: Status, after: Status) -> Rule {
        let [activated, deprecated, changed] = kinds;
        match (before, after) {
            (Status::Proposal, Status::Active) => activated,
            (_, Status::Deprecated) => deprecated,
            _ => changed,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The element a change belongs to for versioning and grouping: the thing that carries a version, or the record
/// whose contracts carry it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    Registry,
    Legal(String),
    Identifier(String),
    Catalogue(String),
    Record(String),
    Contract(String),
    /// An owning agency (which versions nothing of its own: its changes bump the registry).
    Agency(String),
    Database(String),
    Reuse(String),
}

/// One change between two registries.
#[derive(Clone, Debug)]
pub struct Change {
    pub rule: Rule,
    pub severity: Severity,
    pub breaks_wire: bool,
    pub breaks_rust: bool,
    /// The changed element, e.g. `contract:dossier-sync/request/MaHoSo` (see [`element`]).
    pub element: String,
    /// Where the element is in the *before* registry (its own source map).
    pub before: Option<Span>,
    /// Where the element is in the *after* registry (its own source map).
    pub after: Option<Span>,
    /// What changed, in English.
    pub message: String,
    /// The old and new value, where the change has one (`20` → `10`), language-neutral.
    pub was: Option<String>,
    pub now: Option<String>,
    pub owner: Owner,
    /// The id of the agency that keeps the changed element (in the *after* registry, else the *before*).
    pub agency: Option<String>,
    /// Where the element travels: in requests, responses, both or neither.
    pub usage: Usage,
    /// The approval of the change in the *after* registry, if any.
    pub approval: Option<Approval>,
}

impl Change {
    /// The version bump this change requires of its owner.
    pub fn bump(&self) -> Bump {
        self.rule.bump(self.severity)
    }

    /// Whether the change fails `diff` and `release`: breaking and not approved.
    pub fn fails(&self) -> bool {
        self.severity == Severity::Breaking && self.approval.is_none()
    }
}

/// Where a detector is: the element, its owner and where it travels.
#[derive(Clone, Debug)]
pub(crate) struct At {
    pub element: String,
    pub owner: Owner,
    pub usage: Usage,
}

impl At {
    pub fn new(element: String, owner: Owner, usage: Usage) -> Self {
        At {
            element,
            owner,
            usage,
        }
    }
}

/// Collects the changes the detectors find.
#[derive(Default)]
pub(crate) struct Changes {
    items: Vec<Change>,
}

impl Changes {
    /// Records a change of `rule` at `at`, classified by where the element travels.
    pub fn push(
        &mut self,
        rule: Rule,
        at: &At,
        spans: (Option<Span>, Option<Span>),
        message: String,
    ) -> &mut Change {
        let class = rule.classify(at.usage);
        self.items.push(Change {
            rule,
            severity: class.severity,
            breaks_wire: class.breaks_wire,
            breaks_rust: rule.breaks_rust(),
            element: at.element.clone(),
            before: spans.0,
            after: spans.1,
            message,
            was: None,
            now: None,
            owner: at.owner.clone(),
            agency: None,
            usage: at.usage,
            approval: None,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Records a change from one value to another, when they differ.
    pub fn value<T: PartialEq>(
        &mut self,
        rule: Rule,
        at: &At,
        spans: (Span, Span),
        values: (&T, &T),
        show: impl Fn(&T) -> String,
        message: impl FnOnce(&str, &str) -> String,
    ) {
        if values.0 == values.1 {
            return;
        }
        let (was, now) = (show(values.0), show(values.1));
        let message = message(&was, &now);
        self.push(rule, at, (Some(spans.0), Some(spans.1)), message)
            .values(Some(was), Some(now));
    }
}

impl Changes {
    /// Records a status change with the rule of `kinds` (activated, deprecated, other) that fits it.
    pub fn status(
        &mut self,
        kinds: [Rule; 3],
        at: &At,
        spans: (Span, Span),
        what: &str,
        statuses: (Status, Status),
    ) {
        let (was, now) = statuses;
        if was == now {
            return;
        }
        let rule = Rule::for_status(kinds, was, now);
        let (was, now) = (status_name(was), status_name(now));
        self.push(
            rule,
            at,
            (Some(spans.0), Some(spans.1)),
            format!("{what} is now {now} (was {was})"),
        )
        .values(Some(was.to_owned()), Some(now.to_owned()));
    }

    /// Records a text change (label, title, description) when the texts differ.
    pub fn text<T: PartialEq>(
        &mut self,
        rule: Rule,
        at: &At,
        spans: (Span, Span),
        texts: (&T, &T),
        message: impl FnOnce() -> String,
    ) {
        if texts.0 != texts.1 {
            self.push(rule, at, (Some(spans.0), Some(spans.1)), message());
        }
    }
}

/// The rules of what records and catalogues share: a Rust type name, a status, a label, a description and the
/// provisions they implement.
pub(crate) struct TypeRules {
    pub rust_name: Rule,
    /// Activated, deprecated, other status change.
    pub status: [Rule; 3],
    pub label: Rule,
    pub description: Rule,
    pub legal: Rule,
}

/// The parts of a record or catalogue that [`TypeRules`] compare.
pub(crate) struct TypeParts<'a> {
    pub rust_name: &'a String,
    pub status: Status,
    pub label: &'a crate::model::Text,
    pub description: &'a Option<crate::model::Text>,
    pub legal: &'a [crate::model::LegalRef],
}

impl Changes {
    /// Records the changes of what records and catalogues share, `what` naming the element in messages.
    pub fn type_parts(
        &mut self,
        rules: &TypeRules,
        at: &At,
        spans: (Span, Span),
        what: &str,
        parts: (TypeParts<'_>, TypeParts<'_>),
    ) {
        let (old, new) = parts;
        self.value(
            rules.rust_name,
            at,
            spans,
            (old.rust_name, new.rust_name),
            String::clone,
            |was, now| format!("the Rust type of {what} is now `{now}` (was `{was}`)"),
        );
        self.status(rules.status, at, spans, what, (old.status, new.status));
        self.text(rules.label, at, spans, (old.label, new.label), || {
            format!("the label of {what} changed")
        });
        self.text(
            rules.description,
            at,
            spans,
            (old.description, new.description),
            || format!("the description of {what} changed"),
        );
        legal::compare_refs(rules.legal, at, spans, what, (old.legal, new.legal), self);
    }
}

pub(crate) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Proposal => "proposal",
        Status::Active => "active",
        Status::Deprecated => "deprecated",
    }
}

impl Change {
    pub(crate) fn values(&mut self, was: Option<String>, now: Option<String>) -> &mut Change {
        self.was = was;
        self.now = now;
        self
    }
}

/// The two registries being compared.
#[derive(Clone, Copy)]
pub(crate) struct Pair<'a> {
    pub before: &'a Registry,
    pub after: &'a Registry,
}

/// Every change from `before` to `after`, sorted by element and rule, with the approvals of `after` attached.
pub fn compare(before: &Registry, after: &Registry) -> Vec<Change> {
    let pair = Pair { before, after };
    let usage = usage::Usages::of(pair);
    let mut changes = Changes::default();
    registry::compare(pair, &mut changes);
    identifiers::compare(pair, &mut changes);
    legal::compare_sources(pair, &mut changes);
    contracts::compare(pair, &mut changes);
    records::compare(pair, &usage, &mut changes);
    catalogues::compare(pair, &usage, &mut changes);
    databases::compare(pair, &mut changes);
    let mut items = changes.items;
    items.sort_by(|a, b| (&a.element, a.rule).cmp(&(&b.element, b.rule)));
    for change in &mut items {
        change.approval = after
            .approvals
            .iter()
            .find(|a| a.rule == change.rule.id() && a.element == change.element)
            .cloned();
        change.agency = agency_of(pair, &change.owner);
    }
    items
}

/// The agency that keeps what `owner` names, as the *after* registry says, else the *before*.
fn agency_of(pair: Pair<'_>, owner: &Owner) -> Option<String> {
    let (kind, id) = match owner {
        Owner::Contract(id) => ("contract", id),
        Owner::Record(id) => ("record", id),
        Owner::Catalogue(id) => ("catalogue", id),
        Owner::Database(id) => ("database", id),
        Owner::Reuse(id) => ("reuse", id),
        Owner::Agency(id) => return Some(id.clone()),
        Owner::Registry | Owner::Legal(_) | Owner::Identifier(_) => return None,
    };
    [pair.after, pair.before]
        .into_iter()
        .find_map(|registry| registry.owner_of(kind, id))
        .map(|o| o.id.clone())
}

/// The approvals of `after` that match no change, apart from those the `before` release already had (an
/// approval stays in the file after the release of its change, and is then ignored).
pub fn unused_approvals<'a>(
    before: &Registry,
    after: &'a Registry,
    changes: &[Change],
) -> Vec<&'a Approval> {
    let same = |a: &Approval, rule: &str, element: &str| a.rule == rule && a.element == element;
    after
        .approvals
        .iter()
        .filter(|a| !changes.iter().any(|c| same(a, c.rule.id(), &c.element)))
        .filter(|a| {
            !before
                .approvals
                .iter()
                .any(|b| same(b, &a.rule, &a.element))
        })
        .collect()
}

/// Counts of changes by severity, and of approved breaking changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub breaking: usize,
    pub approved: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(changes: &[Change]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            match change.severity {
                Severity::Breaking => {
                    counts.breaking += 1;
                    if change.approval.is_some() {
                        counts.approved += 1;
                    }
                }
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    pub fn of_severity(&self, severity: Severity) -> usize {
        match severity {
            Severity::Breaking => self.breaking,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The bump the registry needs for all of `changes`; `None` when nothing changed.
pub fn required_bump(changes: &[Change]) -> Option<Bump> {
    changes.iter().map(Change::bump).max()
}

/// `a, b, c` of the written legal references, sorted so that order does not count.
pub(crate) fn legal_list(refs: &[crate::model::LegalRef]) -> Vec<(String, Vec<String>)> {
    let mut list: Vec<(String, Vec<String>)> = refs
        .iter()
        .map(|r| (r.source.clone(), r.path.clone()))
        .collect();
    list.sort();
    list.dedup();
    list
}

/// The written form of legal references, for messages.
pub(crate) fn legal_text(refs: &[crate::model::LegalRef]) -> String {
    if refs.is_empty() {
        return "none".to_owned();
    }
    refs.iter()
        .map(|r| r.written.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.id()), "duplicate {}", rule.id());
            assert!(crate::naming::is_valid_id(rule.id()), "{}", rule.id());
        }
        assert!(Rule::ALL.len() >= 60);
    }

    #[test]
    fn the_table_is_consistent() {
        for rule in Rule::ALL {
            for class in [rule.request(), rule.response()] {
                assert!(
                    !class.breaks_wire || class.severity == Severity::Breaking,
                    "{rule}: a wire break is breaking"
                );
                assert!(
                    !rule.breaks_rust() || class.severity == Severity::Breaking,
                    "{rule}: a Rust break is breaking"
                );
            }
            assert_ne!(rule.compatible_bump(), Bump::Major, "{rule}");
        }
    }
}
