//! Every kind of change between two versions of the registry, defined once: its stable id, the version bump
//! it needs, its severity where the element travels in a request and in a response, whether it breaks code
//! built on the generated Rust crate, what it says in English and Vietnamese, and what a system must do about
//! it.
//!
//! This is a leaf: the tool's diff engine classifies the changes it finds by these rules, its migration guides
//! print their actions, and `check` verifies that approvals (`contracts/approvals.yaml`) name one of them.
//!
//! Direction: the system that answers a request implements a new version when it is published; the systems
//! that call it follow later. So a request breaks when a payload that was valid becomes invalid (its old
//! senders are rejected), and a response breaks when it may carry what an old reader does not expect. Readers
//! are tolerant of two things, as the generated types are: a field they do not know (ignored) and a code they do
//! not know (kept as `Unlisted`).

pub mod element;

use std::fmt;

use crate::model::{Direction, Status};

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

/// What a system must do about a change, in English and Vietnamese. A *sender* writes the payload (the caller
/// for a request, the answering system for a response); a *reader* reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action {
    pub en: &'static str,
    pub vi: &'static str,
}

impl Action {
    const fn new(en: &'static str, vi: &'static str) -> Action {
        Action { en, vi }
    }
}

const TEXT_ONLY: Action = Action::new(
    "Nothing on the wire; update documentation, forms and screens that show this text.",
    "Không ảnh hưởng đường truyền; cập nhật tài liệu, biểu mẫu và màn hình hiển thị nội dung này.",
);

const NOTHING_UNTIL_USED: Action = Action::new(
    "Nothing to do until a contract you implement uses it.",
    "Không cần làm gì cho đến khi hợp đồng bạn triển khai dùng đến.",
);

const REFERRERS_LISTED: Action = Action::new(
    "Nothing on the wire; the elements that referred to it are listed with their own changes.",
    "Không ảnh hưởng đường truyền; các thành phần từng tham chiếu đến nó được liệt kê với thay đổi riêng.",
);

const SEE_FIELDS_OF_IDENTIFIER: Action = Action::new(
    "Check the fields that use this identifier: their constraint changes are listed with them.",
    "Kiểm tra các trường dùng mã định danh này: thay đổi ràng buộc được liệt kê cùng các trường đó.",
);

const LEGAL_ONLY: Action = Action::new(
    "Nothing on the wire; update the legal references in your documentation and traceability records.",
    "Không ảnh hưởng đường truyền; cập nhật căn cứ pháp lý trong tài liệu và hồ sơ truy vết.",
);

const ACTIVATED: Action = Action::new(
    "It is no longer a proposal: implement it by the date the release takes effect.",
    "Không còn là đề xuất: triển khai trước ngày phiên bản có hiệu lực.",
);

const DEPRECATED: Action = Action::new(
    "Keep it working for now, and plan to stop using it; the description says what replaces it.",
    "Tạm thời vẫn duy trì, và lên kế hoạch ngừng sử dụng; phần mô tả nêu thành phần thay thế.",
);

const STATUS_CHANGED: Action = Action::new(
    "Read the new status and its description, and adjust your plans for this element.",
    "Đọc trạng thái mới và mô tả, điều chỉnh kế hoạch đối với thành phần này.",
);

const PARTIES_CHANGED: Action = Action::new(
    "The parties of the exchange changed: check whether your system now provides or consumes this data.",
    "Các bên trao đổi đã thay đổi: kiểm tra hệ thống của bạn nay cung cấp hay sử dụng dữ liệu này.",
);

const ENDPOINT_CHANGED: Action = Action::new(
    "Callers change the HTTP method or path they call; the answering system serves the new one.",
    "Bên gọi đổi phương thức hoặc đường dẫn HTTP; bên trả lời cung cấp phương thức, đường dẫn mới.",
);

const OPTION_CHANGED: Action = Action::new(
    "Readers check whether they handle the option; senders need not change.",
    "Bên nhận kiểm tra việc xử lý tùy chọn này; bên gửi không cần thay đổi.",
);

const RUST_RENAMED: Action = Action::new(
    "Nothing on the wire; rename the uses in code built on the generated Rust crate.",
    "Không ảnh hưởng đường truyền; đổi tên các chỗ dùng trong mã nguồn dựa trên crate Rust được sinh.",
);

const RETYPED: Action = Action::new(
    "Write and read the field as its new type.",
    "Ghi và đọc trường theo kiểu dữ liệu mới.",
);

const FEWER_ITEMS_ACCEPTED: Action = Action::new(
    "Senders respect the new number of items; readers need not change.",
    "Bên gửi tuân thủ số phần tử mới; bên nhận không cần thay đổi.",
);

const MORE_ITEMS_ACCEPTED: Action = Action::new(
    "Readers accept lists of the new size (including storage and screens); senders need not change.",
    "Bên nhận chấp nhận danh sách có kích thước mới (kể cả lưu trữ và màn hình); bên gửi không cần thay đổi.",
);

const PATTERN_TIGHTENED: Action = Action::new(
    "Senders send only values that match the new pattern; readers check with it.",
    "Bên gửi chỉ gửi giá trị khớp mẫu mới; bên nhận kiểm tra theo mẫu này.",
);

const BOUNDS_TIGHTENED: Action = Action::new(
    "Senders send only values within the new bounds; readers need not change.",
    "Bên gửi chỉ gửi giá trị trong giới hạn mới; bên nhận không cần thay đổi.",
);

const BOUNDS_WIDENED: Action = Action::new(
    "Readers accept values within the new bounds (check column sizes and validation); senders need not change.",
    "Bên nhận chấp nhận giá trị trong giới hạn mới (kiểm tra độ dài cột và kiểm tra dữ liệu); bên gửi không cần thay đổi.",
);

const TYPE_REMOVED: Action = Action::new(
    "Nothing on the wire beyond the fields listed; remove the code that uses its generated type.",
    "Không ảnh hưởng đường truyền ngoài các trường đã liệt kê; gỡ mã nguồn dùng kiểu được sinh cho nó.",
);

const VARIANT_ADDED: Action = Action::new(
    "If your system uses that other numbering, use the new mapping.",
    "Nếu hệ thống của bạn dùng bộ mã khác đó, áp dụng ánh xạ mới.",
);

const VARIANT_CHANGED: Action = Action::new(
    "If your system translates from that other numbering, update the mapping.",
    "Nếu hệ thống của bạn chuyển đổi từ bộ mã khác đó, cập nhật bảng ánh xạ.",
);

const NOTHING_TO_DO: Action = Action::new(
    "Nothing to do; you may now read what was published.",
    "Không cần làm gì; từ nay có thể khai thác nội dung mới được công bố.",
);

const KEEPER_CHANGED: Action = Action::new(
    "Address questions and change requests about these elements to the owner now named.",
    "Gửi câu hỏi, đề nghị thay đổi về các thành phần này tới cơ quan quản lý hiện được nêu.",
);

const ACCESS_CHANGED: Action = Action::new(
    "Check that your connection to the database still meets its access conditions and calls its current services.",
    "Kiểm tra kết nối tới cơ sở dữ liệu vẫn đáp ứng điều kiện khai thác và gọi đúng dịch vụ hiện hành.",
);

const PUBLIC_TEXT_ONLY: Action = Action::new(
    "Nothing on the wire; update documentation, forms and public notices that show this text.",
    "Không ảnh hưởng đường truyền; cập nhật tài liệu, biểu mẫu và thông báo công khai hiển thị nội dung này.",
);

const ATTRIBUTE_RETYPED: Action = Action::new(
    "Read the attribute in its new type, format and constraints, and check the fields it pre-fills.",
    "Đọc thuộc tính theo kiểu, định dạng và ràng buộc mới, và kiểm tra các trường được tự động điền từ nó.",
);

const REUSE_CHANGED: Action = Action::new(
    "Read the attributes now listed, under the stated decision and from the stated date.",
    "Khai thác các thuộc tính hiện được liệt kê, theo quyết định và kể từ ngày được nêu.",
);

macro_rules! rules {
    ($(
        $variant:ident = $id:literal, $bump:ident, request $request:ident, response $response:ident, rust $rust:literal,
        $en:literal, $vi:literal,
        action $action:expr;
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

            /// What a system must do about a change of this rule.
            pub fn action(self) -> Action {
                match self { $(Rule::$variant => $action,)* }
            }
        }
    };
}

rules! {
    // The registry as a whole.
    RegistryWireDefaultChanged = "registry-wire-default-changed", Minor, request INFO, response INFO, rust false,
        "the default wire format of a type changed (each field it moves is reported too)",
        "định dạng truyền mặc định của một kiểu thay đổi (từng trường bị ảnh hưởng được báo riêng)",
        action Action::new(
            "Check every field listed with `field-format-changed`: write and read those values in the new format.",
            "Kiểm tra từng trường được liệt kê với `field-format-changed`: ghi và đọc các giá trị đó theo định dạng mới.",
        );
    RegistryWireAcceptsChanged = "registry-wire-accepts-changed", Minor, request INFO, response INFO, rust false,
        "the forms readers accept for a type by default changed (each field it changes is reported too)",
        "các dạng bên nhận chấp nhận theo mặc định cho một kiểu thay đổi (từng trường bị ảnh hưởng được báo riêng)",
        action Action::new(
            "Check every field listed with `field-accepts-added` or `field-accepts-removed`.",
            "Kiểm tra từng trường được liệt kê với `field-accepts-added` hoặc `field-accepts-removed`.",
        );
    RegistryUrlChanged = "registry-url-changed", Minor, request WARN, response WARN, rust false,
        "the address where the registry is published changed (schema ids and page links follow it)",
        "địa chỉ công bố danh mục thay đổi (định danh của lược đồ và liên kết trang thay đổi theo)",
        action Action::new(
            "Update the schema ids your validators register and the links your documentation keeps.",
            "Cập nhật định danh lược đồ mà trình kiểm tra của bạn đăng ký và các liên kết trong tài liệu.",
        );
    AuthSchemeAdded = "auth-scheme-added", Minor, request INFO, response INFO, rust false,
        "an authentication scheme was added", "thêm một cơ chế xác thực",
        action Action::new(
            "Nothing to do unless a contract you implement starts using the scheme.",
            "Không cần làm gì, trừ khi hợp đồng bạn triển khai bắt đầu dùng cơ chế này.",
        );
    AuthSchemeRemoved = "auth-scheme-removed", Minor, request WARN, response WARN, rust false,
        "an authentication scheme was removed", "bỏ một cơ chế xác thực",
        action Action::new(
            "Stop configuring the scheme; the contracts that used it name their new scheme.",
            "Ngừng cấu hình cơ chế này; các hợp đồng từng dùng nó đã nêu cơ chế mới.",
        );
    AuthSchemeTypeChanged = "auth-scheme-type-changed", Minor, request WIRE, response WIRE, rust false,
        "an authentication scheme works differently", "cơ chế xác thực thay đổi cách hoạt động",
        action Action::new(
            "Change how your system authenticates for every contract that uses this scheme.",
            "Thay đổi cách hệ thống xác thực cho mọi hợp đồng dùng cơ chế này.",
        );
    AuthSchemeTextChanged = "auth-scheme-text-changed", Patch, request INFO, response INFO, rust false,
        "the label or description of an authentication scheme changed", "tên hoặc mô tả của cơ chế xác thực thay đổi",
        action TEXT_ONLY;
    // Identifiers (their constraints are also reported on every field that uses them).
    IdentifierAdded = "identifier-added", Minor, request INFO, response INFO, rust false,
        "an identifier format was added", "thêm một định dạng mã định danh",
        action NOTHING_UNTIL_USED;
    IdentifierRemoved = "identifier-removed", Minor, request WARN, response WARN, rust false,
        "an identifier format was removed", "bỏ một định dạng mã định danh",
        action REFERRERS_LISTED;
    IdentifierPatternChanged = "identifier-pattern-changed", Minor, request INFO, response INFO, rust false,
        "the pattern of an identifier changed", "mẫu của mã định danh thay đổi",
        action SEE_FIELDS_OF_IDENTIFIER;
    IdentifierLengthChanged = "identifier-length-changed", Minor, request INFO, response INFO, rust false,
        "the length bounds of an identifier changed", "giới hạn độ dài của mã định danh thay đổi",
        action SEE_FIELDS_OF_IDENTIFIER;
    IdentifierTextChanged = "identifier-text-changed", Patch, request INFO, response INFO, rust false,
        "the label, description or examples of an identifier changed", "tên, mô tả hoặc ví dụ của mã định danh thay đổi",
        action TEXT_ONLY;
    // Legal sources and references.
    LegalSourceAdded = "legal-source-added", Minor, request INFO, response INFO, rust false,
        "a legal source was added", "thêm một văn bản pháp lý",
        action NOTHING_UNTIL_USED;
    LegalSourceRemoved = "legal-source-removed", Minor, request WARN, response WARN, rust false,
        "a legal source was removed", "bỏ một văn bản pháp lý",
        action REFERRERS_LISTED;
    LegalSourceDetailsChanged = "legal-source-details-changed", Patch, request INFO, response INFO, rust false,
        "the number, title, dates or address of a legal source changed", "số, tên, ngày hoặc địa chỉ của văn bản pháp lý thay đổi",
        action TEXT_ONLY;
    LegalProvisionAdded = "legal-provision-added", Minor, request INFO, response INFO, rust false,
        "a provision was added to a legal source", "thêm một điều, khoản hoặc điểm vào văn bản pháp lý",
        action NOTHING_UNTIL_USED;
    LegalProvisionRemoved = "legal-provision-removed", Minor, request WARN, response WARN, rust false,
        "a provision was removed from a legal source", "bỏ một điều, khoản hoặc điểm khỏi văn bản pháp lý",
        action REFERRERS_LISTED;
    LegalProvisionTextChanged = "legal-provision-text-changed", Patch, request INFO, response INFO, rust false,
        "the text of a provision changed", "nội dung của điều, khoản hoặc điểm thay đổi",
        action TEXT_ONLY;
    ContractLegalChanged = "contract-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a contract implements changed", "căn cứ pháp lý của hợp đồng thay đổi",
        action LEGAL_ONLY;
    RecordLegalChanged = "record-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a record implements changed", "căn cứ pháp lý của cấu trúc bản ghi thay đổi",
        action LEGAL_ONLY;
    CatalogueLegalChanged = "catalogue-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a catalogue implements changed", "căn cứ pháp lý của danh mục thay đổi",
        action LEGAL_ONLY;
    CodeLegalChanged = "code-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a code implements changed", "căn cứ pháp lý của mã thay đổi",
        action LEGAL_ONLY;
    FieldLegalChanged = "field-legal-changed", Patch, request INFO, response INFO, rust false,
        "the provisions a field implements changed", "căn cứ pháp lý của trường thay đổi",
        action LEGAL_ONLY;
    // Contracts and their operations.
    ContractAdded = "contract-added", Minor, request INFO, response INFO, rust false,
        "a contract was added", "thêm một hợp đồng dữ liệu",
        action Action::new(
            "Implement the new contract if your system is one of its parties.",
            "Triển khai hợp đồng mới nếu hệ thống của bạn là một bên của hợp đồng.",
        );
    ContractRemoved = "contract-removed", Minor, request WIRE, response WIRE, rust true,
        "a contract was removed", "bỏ một hợp đồng dữ liệu",
        action Action::new(
            "Stop calling and serving this operation; remove the code that uses its generated types.",
            "Ngừng gọi và cung cấp nghiệp vụ này; gỡ mã nguồn dùng các kiểu được sinh cho nó.",
        );
    ContractActivated = "contract-activated", Minor, request WARN, response WARN, rust false,
        "a proposed contract became active", "hợp đồng đề xuất chuyển sang có hiệu lực",
        action ACTIVATED;
    ContractDeprecated = "contract-deprecated", Minor, request WARN, response WARN, rust false,
        "a contract was deprecated", "hợp đồng bị đánh dấu ngừng sử dụng",
        action DEPRECATED;
    ContractStatusChanged = "contract-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a contract changed", "trạng thái của hợp đồng thay đổi",
        action STATUS_CHANGED;
    ContractProviderChanged = "contract-provider-changed", Minor, request WIRE, response WIRE, rust false,
        "the party that provides the data changed", "bên cung cấp dữ liệu thay đổi",
        action PARTIES_CHANGED;
    ContractConsumerChanged = "contract-consumer-changed", Minor, request WIRE, response WIRE, rust false,
        "the party that consumes the data changed", "bên sử dụng dữ liệu thay đổi",
        action PARTIES_CHANGED;
    ContractHostChanged = "contract-host-changed", Minor, request WIRE, response WIRE, rust false,
        "the party that hosts the endpoint changed", "bên vận hành điểm cuối thay đổi",
        action PARTIES_CHANGED;
    ContractChannelChanged = "contract-channel-changed", Minor, request WIRE, response WIRE, rust false,
        "the connection channel changed", "kênh kết nối thay đổi",
        action Action::new(
            "Connect through the new channel (Art. 18.3) before the release takes effect.",
            "Kết nối qua kênh mới (Điều 18.3) trước ngày phiên bản có hiệu lực.",
        );
    ContractOperationChanged = "contract-operation-changed", Minor, request WIRE, response WIRE, rust false,
        "the operation name changed", "tên nghiệp vụ thay đổi",
        action Action::new(
            "Callers send the new operation name; the answering system accepts it.",
            "Bên gọi gửi tên nghiệp vụ mới; bên trả lời chấp nhận tên này.",
        );
    ContractMethodChanged = "contract-method-changed", Minor, request WIRE, response WIRE, rust false,
        "the HTTP method changed", "phương thức HTTP thay đổi",
        action ENDPOINT_CHANGED;
    ContractPathChanged = "contract-path-changed", Minor, request WIRE, response WIRE, rust false,
        "the HTTP path changed", "đường dẫn HTTP thay đổi",
        action ENDPOINT_CHANGED;
    ContractAuthChanged = "contract-auth-changed", Minor, request WIRE, response WIRE, rust false,
        "the authentication scheme changed", "cơ chế xác thực của hợp đồng thay đổi",
        action Action::new(
            "Obtain credentials for the new authentication scheme and send them with every call.",
            "Đăng ký thông tin xác thực theo cơ chế mới và gửi kèm mọi lời gọi.",
        );
    ContractSignatureRequired = "contract-signature-required", Minor, request WIRE, response WIRE, rust false,
        "payloads must now be signed", "dữ liệu từ nay phải được ký số",
        action Action::new(
            "Senders sign every payload (Art. 3); readers reject unsigned ones.",
            "Bên gửi ký số mọi gói dữ liệu (Điều 3); bên nhận từ chối gói không có chữ ký.",
        );
    ContractSignatureNoLongerRequired = "contract-signature-no-longer-required", Minor, request WARN, response WARN, rust false,
        "payloads no longer have to be signed", "dữ liệu không còn bắt buộc ký số",
        action Action::new(
            "Readers must accept unsigned payloads; senders may keep signing.",
            "Bên nhận phải chấp nhận gói dữ liệu không ký; bên gửi có thể tiếp tục ký.",
        );
    ContractSignatureOptionalChanged = "contract-signature-optional-changed", Minor, request INFO, response INFO, rust false,
        "signing became allowed, or no longer allowed, without being required", "việc ký số (không bắt buộc) được cho phép hoặc bỏ",
        action OPTION_CHANGED;
    ContractEncryptionRequired = "contract-encryption-required", Minor, request WIRE, response WIRE, rust false,
        "payloads must now be encrypted", "dữ liệu từ nay phải được mã hóa",
        action Action::new(
            "Senders encrypt every payload (Art. 3); readers decrypt them.",
            "Bên gửi mã hóa mọi gói dữ liệu (Điều 3); bên nhận giải mã.",
        );
    ContractEncryptionNoLongerRequired = "contract-encryption-no-longer-required", Minor, request WARN, response WARN, rust false,
        "payloads no longer have to be encrypted", "dữ liệu không còn bắt buộc mã hóa",
        action Action::new(
            "Readers must accept unencrypted payloads; senders may keep encrypting.",
            "Bên nhận phải chấp nhận gói dữ liệu không mã hóa; bên gửi có thể tiếp tục mã hóa.",
        );
    ContractEncryptionOptionalChanged = "contract-encryption-optional-changed", Minor, request INFO, response INFO, rust false,
        "encryption became allowed, or no longer allowed, without being required", "việc mã hóa (không bắt buộc) được cho phép hoặc bỏ",
        action OPTION_CHANGED;
    ContractTitleChanged = "contract-title-changed", Patch, request INFO, response INFO, rust false,
        "the title of a contract changed", "tên của hợp đồng thay đổi",
        action TEXT_ONLY;
    ContractDescriptionChanged = "contract-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a contract changed", "mô tả của hợp đồng thay đổi",
        action TEXT_ONLY;
    ContractExamplesChanged = "contract-examples-changed", Patch, request INFO, response INFO, rust false,
        "the examples of a contract changed", "ví dụ của hợp đồng thay đổi",
        action TEXT_ONLY;
    PayloadDescriptionChanged = "payload-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a request or response changed", "mô tả của yêu cầu hoặc phản hồi thay đổi",
        action TEXT_ONLY;
    // Fields of payloads and records.
    FieldRequiredAdded = "field-required-added", Minor, request WIRE, response INFO, rust false,
        "a required field was added", "thêm một trường bắt buộc",
        action Action::new(
            "Senders fill the field in every payload; readers may rely on it.",
            "Bên gửi điền trường này trong mọi gói dữ liệu; bên nhận có thể dựa vào trường này.",
        );
    FieldOptionalAdded = "field-optional-added", Minor, request INFO, response INFO, rust false,
        "an optional field was added", "thêm một trường không bắt buộc",
        action Action::new(
            "Senders may fill the field; readers that do not know it can ignore it.",
            "Bên gửi có thể điền trường này; bên nhận chưa biết trường có thể bỏ qua.",
        );
    FieldRequiredRemoved = "field-required-removed", Minor, request WIRE, response WIRE, rust true,
        "a required field was removed", "bỏ một trường bắt buộc",
        action Action::new(
            "Senders stop sending the field; readers stop expecting it and remove the code that reads it.",
            "Bên gửi ngừng gửi trường này; bên nhận không còn chờ trường và gỡ mã nguồn đọc trường.",
        );
    FieldOptionalRemoved = "field-optional-removed", Minor, request WIRE, response CODE, rust true,
        "an optional field was removed", "bỏ một trường không bắt buộc",
        action Action::new(
            "Senders stop sending the field (it would be rejected); readers remove the code that reads it.",
            "Bên gửi ngừng gửi trường này (sẽ bị từ chối); bên nhận gỡ mã nguồn đọc trường.",
        );
    FieldWireNameChanged = "field-wire-name-changed", Minor, request WIRE, response WIRE, rust false,
        "a field is sent under another name", "trường được truyền với tên khác",
        action Action::new(
            "Send and read the field under its new name.",
            "Gửi và đọc trường theo tên mới.",
        );
    FieldRustNameChanged = "field-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust name of a field changed", "tên Rust của trường thay đổi",
        action RUST_RENAMED;
    FieldTypeChanged = "field-type-changed", Minor, request WIRE, response WIRE, rust true,
        "the type of a field changed", "kiểu dữ liệu của trường thay đổi",
        action RETYPED;
    FieldCatalogueChanged = "field-catalogue-changed", Minor, request WIRE, response WIRE, rust true,
        "a field takes its codes from another catalogue", "trường lấy mã từ danh mục khác",
        action RETYPED;
    FieldRecordChanged = "field-record-changed", Minor, request WIRE, response WIRE, rust true,
        "a field holds another record", "trường chứa cấu trúc bản ghi khác",
        action RETYPED;
    FieldIdentifierChanged = "field-identifier-changed", Patch, request INFO, response INFO, rust false,
        "a field refers to another identifier format (its constraints are reported on their own)",
        "trường theo định dạng mã định danh khác (ràng buộc được báo riêng)",
        action Action::new(
            "Check the field's constraints, listed with their own changes.",
            "Kiểm tra ràng buộc của trường, được liệt kê với thay đổi riêng.",
        );
    FieldFormatChanged = "field-format-changed", Minor, request WIRE, response WIRE, rust false,
        "the wire format of a field changed", "định dạng truyền của trường thay đổi",
        action Action::new(
            "Write and read the value in the new wire format.",
            "Ghi và đọc giá trị theo định dạng truyền mới.",
        );
    FieldAcceptsAdded = "field-accepts-added", Minor, request INFO, response WARN, rust false,
        "readers now accept another form of a field (writers still send its canonical form)",
        "bên nhận chấp nhận thêm một dạng của trường (bên gửi vẫn gửi dạng chuẩn)",
        action Action::new(
            "Readers accept the new form as the field's value; senders need not change.",
            "Bên nhận chấp nhận dạng mới là giá trị của trường; bên gửi không cần thay đổi.",
        );
    FieldAcceptsRemoved = "field-accepts-removed", Minor, request WIRE, response INFO, rust false,
        "readers no longer accept a form of a field",
        "bên nhận không còn chấp nhận một dạng của trường",
        action Action::new(
            "Senders that use this form switch to the canonical one; readers need not change.",
            "Bên gửi đang dùng dạng này chuyển sang dạng chuẩn; bên nhận không cần thay đổi.",
        );
    UnknownFieldsChanged = "unknown-fields-changed", Minor, request WIRE, response WIRE, rust false,
        "readers now reject (or ignore) members of a payload or record that are not its fields",
        "bên nhận nay từ chối (hoặc bỏ qua) các thành phần không phải là trường của dữ liệu",
        action Action::new(
            "Senders send only the fields the contract defines; readers follow the new rule for the others.",
            "Bên gửi chỉ gửi các trường hợp đồng quy định; bên nhận xử lý các thành phần khác theo quy tắc mới.",
        );
    FieldRustTypeChanged = "field-rust-type-changed", Minor, request CODE, response CODE, rust true,
        "the Rust type of a field changed", "kiểu Rust của trường thay đổi",
        action Action::new(
            "Nothing else on the wire; update code built on the generated Rust crate to the new type.",
            "Không ảnh hưởng thêm đến đường truyền; cập nhật mã nguồn dựa trên crate Rust được sinh theo kiểu mới.",
        );
    FieldBecameRequired = "field-became-required", Minor, request WIRE, response CODE, rust true,
        "an optional field became required", "trường không bắt buộc trở thành bắt buộc",
        action Action::new(
            "Senders always fill the field; readers may rely on it.",
            "Bên gửi luôn điền trường này; bên nhận có thể dựa vào trường này.",
        );
    FieldBecameOptional = "field-became-optional", Minor, request CODE, response WIRE, rust true,
        "a required field became optional", "trường bắt buộc trở thành không bắt buộc",
        action Action::new(
            "Readers handle payloads without the field; senders need not change.",
            "Bên nhận xử lý được gói dữ liệu không có trường này; bên gửi không cần thay đổi.",
        );
    FieldBecameList = "field-became-list", Minor, request WIRE, response WIRE, rust true,
        "a single value became a list", "giá trị đơn trở thành danh sách",
        action Action::new(
            "Send and read a list of values (a JSON array) instead of one value.",
            "Gửi và đọc danh sách giá trị (mảng JSON) thay cho một giá trị.",
        );
    FieldBecameSingle = "field-became-single", Minor, request WIRE, response WIRE, rust true,
        "a list became a single value", "danh sách trở thành giá trị đơn",
        action Action::new(
            "Send and read one value instead of a list.",
            "Gửi và đọc một giá trị thay cho danh sách.",
        );
    FieldMinItemsRaised = "field-min-items-raised", Minor, request WIRE, response INFO, rust false,
        "a list needs more items", "danh sách cần nhiều phần tử hơn",
        action FEWER_ITEMS_ACCEPTED;
    FieldMinItemsLowered = "field-min-items-lowered", Minor, request INFO, response WIRE, rust false,
        "a list may have fewer items", "danh sách được phép ít phần tử hơn",
        action MORE_ITEMS_ACCEPTED;
    FieldMaxItemsLowered = "field-max-items-lowered", Minor, request WIRE, response INFO, rust false,
        "a list may have fewer items at most", "danh sách được phép có tối đa ít phần tử hơn",
        action FEWER_ITEMS_ACCEPTED;
    FieldMaxItemsRaised = "field-max-items-raised", Minor, request INFO, response WIRE, rust false,
        "a list may have more items", "danh sách được phép nhiều phần tử hơn",
        action MORE_ITEMS_ACCEPTED;
    FieldPatternAdded = "field-pattern-added", Minor, request WIRE, response INFO, rust false,
        "a field must now match a pattern", "trường từ nay phải khớp một mẫu",
        action PATTERN_TIGHTENED;
    FieldPatternRemoved = "field-pattern-removed", Minor, request INFO, response WIRE, rust false,
        "a field no longer has to match a pattern", "trường không còn phải khớp mẫu",
        action Action::new(
            "Readers accept values that did not match the old pattern; senders need not change.",
            "Bên nhận chấp nhận giá trị không khớp mẫu cũ; bên gửi không cần thay đổi.",
        );
    FieldPatternChanged = "field-pattern-changed", Minor, request WIRE, response WIRE, rust false,
        "the pattern of a field changed", "mẫu của trường thay đổi",
        action PATTERN_TIGHTENED;
    FieldMinLengthRaised = "field-min-length-raised", Minor, request WIRE, response INFO, rust false,
        "a text must be longer", "văn bản phải dài hơn",
        action BOUNDS_TIGHTENED;
    FieldMinLengthLowered = "field-min-length-lowered", Minor, request INFO, response WIRE, rust false,
        "a text may be shorter", "văn bản được phép ngắn hơn",
        action BOUNDS_WIDENED;
    FieldMaxLengthLowered = "field-max-length-lowered", Minor, request WIRE, response INFO, rust false,
        "a text must be shorter", "văn bản phải ngắn hơn",
        action BOUNDS_TIGHTENED;
    FieldMaxLengthRaised = "field-max-length-raised", Minor, request INFO, response WIRE, rust false,
        "a text may be longer", "văn bản được phép dài hơn",
        action BOUNDS_WIDENED;
    FieldMinimumRaised = "field-minimum-raised", Minor, request WIRE, response INFO, rust false,
        "a number has a higher minimum", "giá trị nhỏ nhất của số tăng",
        action BOUNDS_TIGHTENED;
    FieldMinimumLowered = "field-minimum-lowered", Minor, request INFO, response WIRE, rust false,
        "a number has a lower minimum", "giá trị nhỏ nhất của số giảm",
        action BOUNDS_WIDENED;
    FieldMaximumLowered = "field-maximum-lowered", Minor, request WIRE, response INFO, rust false,
        "a number has a lower maximum", "giá trị lớn nhất của số giảm",
        action BOUNDS_TIGHTENED;
    FieldMaximumRaised = "field-maximum-raised", Minor, request INFO, response WIRE, rust false,
        "a number has a higher maximum", "giá trị lớn nhất của số tăng",
        action BOUNDS_WIDENED;
    FieldPersonalDataRaised = "field-personal-data-raised", Minor, request WARN, response WARN, rust false,
        "a field holds a more protected class of personal data", "trường chứa loại dữ liệu cá nhân cần bảo vệ cao hơn",
        action Action::new(
            "Protect the field at its new personal-data class (Decree 13/2023/ND-CP): access, logging, retention.",
            "Bảo vệ trường theo loại dữ liệu cá nhân mới (Nghị định 13/2023/NĐ-CP): phân quyền, ghi nhật ký, lưu trữ.",
        );
    FieldPersonalDataLowered = "field-personal-data-lowered", Minor, request INFO, response INFO, rust false,
        "a field holds a less protected class of personal data", "trường chứa loại dữ liệu cá nhân cần bảo vệ thấp hơn",
        action Action::new(
            "You may relax the protection of the field to its new class, if nothing else requires it.",
            "Có thể nới mức bảo vệ trường theo loại mới nếu không có yêu cầu nào khác.",
        );
    FieldActivated = "field-activated", Minor, request WARN, response WARN, rust false,
        "a proposed field became active", "trường đề xuất chuyển sang có hiệu lực",
        action ACTIVATED;
    FieldDeprecated = "field-deprecated", Minor, request WARN, response WARN, rust false,
        "a field was deprecated", "trường bị đánh dấu ngừng sử dụng",
        action DEPRECATED;
    FieldStatusChanged = "field-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a field changed", "trạng thái của trường thay đổi",
        action STATUS_CHANGED;
    FieldLabelChanged = "field-label-changed", Patch, request INFO, response INFO, rust false,
        "the label of a field changed", "nhãn của trường thay đổi",
        action TEXT_ONLY;
    FieldDescriptionChanged = "field-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a field changed", "mô tả của trường thay đổi",
        action TEXT_ONLY;
    FieldExampleChanged = "field-example-changed", Patch, request INFO, response INFO, rust false,
        "the example of a field changed", "ví dụ của trường thay đổi",
        action TEXT_ONLY;
    // Records.
    RecordAdded = "record-added", Minor, request INFO, response INFO, rust false,
        "a record was added", "thêm một cấu trúc bản ghi",
        action NOTHING_UNTIL_USED;
    RecordRemoved = "record-removed", Minor, request CODE, response CODE, rust true,
        "a record was removed", "bỏ một cấu trúc bản ghi",
        action TYPE_REMOVED;
    RecordRustNameChanged = "record-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust type name of a record changed", "tên kiểu Rust của cấu trúc bản ghi thay đổi",
        action RUST_RENAMED;
    RecordActivated = "record-activated", Minor, request WARN, response WARN, rust false,
        "a proposed record became active", "cấu trúc bản ghi đề xuất chuyển sang có hiệu lực",
        action ACTIVATED;
    RecordDeprecated = "record-deprecated", Minor, request WARN, response WARN, rust false,
        "a record was deprecated", "cấu trúc bản ghi bị đánh dấu ngừng sử dụng",
        action DEPRECATED;
    RecordStatusChanged = "record-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a record changed", "trạng thái của cấu trúc bản ghi thay đổi",
        action STATUS_CHANGED;
    RecordLabelChanged = "record-label-changed", Patch, request INFO, response INFO, rust false,
        "the label of a record changed", "tên của cấu trúc bản ghi thay đổi",
        action TEXT_ONLY;
    RecordDescriptionChanged = "record-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a record changed", "mô tả của cấu trúc bản ghi thay đổi",
        action TEXT_ONLY;
    // Catalogues and their codes.
    CatalogueAdded = "catalogue-added", Minor, request INFO, response INFO, rust false,
        "a catalogue was added", "thêm một danh mục",
        action NOTHING_UNTIL_USED;
    CatalogueRemoved = "catalogue-removed", Minor, request CODE, response CODE, rust true,
        "a catalogue was removed", "bỏ một danh mục",
        action TYPE_REMOVED;
    CatalogueFormatChanged = "catalogue-format-changed", Minor, request WIRE, response WIRE, rust false,
        "the codes of a catalogue travel in another format", "mã của danh mục được truyền theo định dạng khác",
        action Action::new(
            "Send and read the codes in the new format (string or number).",
            "Gửi và đọc mã theo định dạng mới (chuỗi hoặc số).",
        );
    CatalogueRustNameChanged = "catalogue-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust type name of a catalogue changed", "tên kiểu Rust của danh mục thay đổi",
        action RUST_RENAMED;
    CatalogueActivated = "catalogue-activated", Minor, request WARN, response WARN, rust false,
        "a proposed catalogue became active", "danh mục đề xuất chuyển sang có hiệu lực",
        action ACTIVATED;
    CatalogueDeprecated = "catalogue-deprecated", Minor, request WARN, response WARN, rust false,
        "a catalogue was deprecated", "danh mục bị đánh dấu ngừng sử dụng",
        action DEPRECATED;
    CatalogueStatusChanged = "catalogue-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a catalogue changed", "trạng thái của danh mục thay đổi",
        action STATUS_CHANGED;
    CatalogueLabelChanged = "catalogue-label-changed", Patch, request INFO, response INFO, rust false,
        "the label of a catalogue changed", "tên của danh mục thay đổi",
        action TEXT_ONLY;
    CatalogueDescriptionChanged = "catalogue-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a catalogue changed", "mô tả của danh mục thay đổi",
        action TEXT_ONLY;
    CodeAdded = "code-added", Minor, request INFO, response WARN, rust false,
        "a code was added", "thêm một mã",
        action Action::new(
            "Readers map the new code (the generated types keep it as `Unlisted` until you update); senders may send it.",
            "Bên nhận ánh xạ mã mới (các kiểu được sinh giữ mã ở dạng `Unlisted` cho đến khi cập nhật); bên gửi có thể gửi mã này.",
        );
    CodeRemoved = "code-removed", Minor, request WIRE, response CODE, rust true,
        "a code was removed", "bỏ một mã",
        action Action::new(
            "Senders stop sending the code; readers may drop its handling.",
            "Bên gửi ngừng gửi mã này; bên nhận có thể bỏ phần xử lý mã.",
        );
    CodeRecoded = "code-recoded", Minor, request WIRE, response WIRE, rust false,
        "an entry is sent under another code", "một mục được truyền bằng mã khác",
        action Action::new(
            "Send and read the entry under its new code.",
            "Gửi và đọc mục này theo mã mới.",
        );
    CodeRustNameChanged = "code-rust-name-changed", Minor, request CODE, response CODE, rust true,
        "the Rust variant name of a code changed", "tên biến thể Rust của mã thay đổi",
        action RUST_RENAMED;
    CodeRelabelled = "code-relabelled", Minor, request WARN, response WARN, rust false,
        "the label (the meaning) of a code changed", "nhãn (ý nghĩa) của mã thay đổi",
        action Action::new(
            "Check that the code still means what your system maps it to; update labels you show.",
            "Kiểm tra mã vẫn mang ý nghĩa mà hệ thống của bạn ánh xạ; cập nhật nhãn hiển thị.",
        );
    CodeAliasAdded = "code-alias-added", Minor, request INFO, response WARN, rust false,
        "readers now accept another spelling of a code",
        "bên nhận chấp nhận thêm một cách viết của mã",
        action Action::new(
            "Readers take the new spelling as the code; senders keep sending the code itself.",
            "Bên nhận hiểu cách viết mới là mã đó; bên gửi vẫn gửi chính mã.",
        );
    CodeAliasRemoved = "code-alias-removed", Minor, request WIRE, response INFO, rust false,
        "readers no longer accept a spelling of a code",
        "bên nhận không còn chấp nhận một cách viết của mã",
        action Action::new(
            "Senders that use this spelling send the code itself; readers need not change.",
            "Bên gửi đang dùng cách viết này chuyển sang gửi chính mã; bên nhận không cần thay đổi.",
        );
    CodeDescriptionChanged = "code-description-changed", Patch, request INFO, response INFO, rust false,
        "the description of a code changed", "mô tả của mã thay đổi",
        action TEXT_ONLY;
    CodeDeprecated = "code-deprecated", Minor, request WARN, response WARN, rust false,
        "a code was deprecated", "mã bị đánh dấu ngừng sử dụng",
        action Action::new(
            "Senders move to the replacement code; readers keep accepting the old one.",
            "Bên gửi chuyển sang mã thay thế; bên nhận vẫn chấp nhận mã cũ.",
        );
    CodeUndeprecated = "code-undeprecated", Minor, request INFO, response INFO, rust false,
        "a deprecated code is in use again", "mã đã ngừng sử dụng được dùng lại",
        action Action::new(
            "The code may be sent again.",
            "Mã này được gửi lại bình thường.",
        );
    CodeReplacementChanged = "code-replacement-changed", Minor, request WARN, response WARN, rust false,
        "the replacement of a deprecated code changed", "mã thay thế của mã ngừng sử dụng thay đổi",
        action Action::new(
            "Senders move to the new replacement code.",
            "Bên gửi chuyển sang mã thay thế mới.",
        );
    CodeVariantAdded = "code-variant-added", Minor, request INFO, response INFO, rust false,
        "another system's code was mapped to a code", "thêm ánh xạ mã của hệ thống khác",
        action VARIANT_ADDED;
    CodeVariantRemoved = "code-variant-removed", Minor, request WARN, response WARN, rust false,
        "another system's code is no longer mapped", "bỏ ánh xạ mã của hệ thống khác",
        action VARIANT_CHANGED;
    CodeVariantChanged = "code-variant-changed", Minor, request WARN, response WARN, rust false,
        "another system's code for a code changed", "mã tương ứng của hệ thống khác thay đổi",
        action VARIANT_CHANGED;
    VariantSystemAdded = "variant-system-added", Minor, request INFO, response INFO, rust false,
        "a catalogue maps the codes of another system", "danh mục thêm ánh xạ mã của một hệ thống khác",
        action VARIANT_ADDED;
    VariantSystemRemoved = "variant-system-removed", Minor, request WARN, response WARN, rust false,
        "a catalogue no longer maps the codes of another system", "danh mục bỏ ánh xạ mã của một hệ thống khác",
        action VARIANT_CHANGED;
    FieldPrefillChanged = "field-prefill-changed", Minor, request INFO, response INFO, rust false,
        "the database attribute that pre-fills a field changed", "thuộc tính cơ sở dữ liệu dùng để tự động điền trường thay đổi",
        action Action::new(
            "Fill the field in your e-forms from the attribute the contract now names (Art. 14).",
            "Tự động điền trường trên biểu mẫu điện tử từ thuộc tính mà hợp đồng nay chỉ ra (Điều 14).",
        );
    // Owners.
    OwnerAdded = "owner-added", Minor, request INFO, response INFO, rust false,
        "an owner was added", "thêm một cơ quan quản lý",
        action NOTHING_TO_DO;
    OwnerRemoved = "owner-removed", Minor, request WARN, response WARN, rust false,
        "an owner was removed", "bỏ một cơ quan quản lý",
        action KEEPER_CHANGED;
    OwnerDetailsChanged = "owner-details-changed", Patch, request INFO, response INFO, rust false,
        "the agency code, name, status, description or contact of an owner changed",
        "mã định danh, tên, trạng thái, mô tả hoặc đầu mối liên hệ của cơ quan quản lý thay đổi",
        action KEEPER_CHANGED;
    OwnerChanged = "owner-changed", Minor, request WARN, response WARN, rust false,
        "an element is now kept by another owner", "một thành phần chuyển sang cơ quan quản lý khác",
        action KEEPER_CHANGED;
    OwnerAssigned = "owner-assigned", Patch, request INFO, response INFO, rust false,
        "an element names its owner for the first time", "một thành phần lần đầu nêu cơ quan quản lý",
        action KEEPER_CHANGED;
    // Databases and their attributes (read by the systems that use them, like a response).
    DatabaseAdded = "database-added", Minor, request INFO, response INFO, rust false,
        "a database was described", "thêm mô tả một cơ sở dữ liệu",
        action NOTHING_TO_DO;
    DatabaseRemoved = "database-removed", Minor, request WARN, response WARN, rust false,
        "a database description was removed", "bỏ mô tả một cơ sở dữ liệu",
        action Action::new(
            "Stop relying on the description; ask the owner how the data are now shared.",
            "Ngừng dựa vào mô tả này; liên hệ cơ quan quản lý để biết cách dữ liệu được chia sẻ hiện nay.",
        );
    DatabaseStatusChanged = "database-status-changed", Minor, request WARN, response WARN, rust false,
        "the status of a database description changed", "trạng thái mô tả cơ sở dữ liệu thay đổi",
        action ACCESS_CHANGED;
    DatabaseAccessChanged = "database-access-changed", Minor, request WARN, response WARN, rust false,
        "the access conditions of a database changed", "điều kiện khai thác cơ sở dữ liệu thay đổi",
        action ACCESS_CHANGED;
    DatabaseServicesChanged = "database-services-changed", Minor, request WARN, response WARN, rust false,
        "the NDXP services that expose a database changed", "dịch vụ NDXP cung cấp cơ sở dữ liệu thay đổi",
        action ACCESS_CHANGED;
    DatabaseTextChanged = "database-text-changed", Patch, request INFO, response INFO, rust false,
        "the name, description, legal basis or NDXP row of a database changed",
        "tên, mô tả, căn cứ pháp lý hoặc dòng NDXP của cơ sở dữ liệu thay đổi",
        action PUBLIC_TEXT_ONLY;
    AttributeAdded = "attribute-added", Minor, request INFO, response INFO, rust false,
        "a database attribute was published", "công bố thêm một thuộc tính của cơ sở dữ liệu",
        action NOTHING_TO_DO;
    AttributeRemoved = "attribute-removed", Minor, request WIRE, response WIRE, rust false,
        "a database attribute was removed", "bỏ một thuộc tính của cơ sở dữ liệu",
        action Action::new(
            "Stop reading the attribute; e-forms it pre-filled must ask the citizen for the value again.",
            "Ngừng khai thác thuộc tính này; biểu mẫu điện tử từng tự động điền từ nó phải yêu cầu người dân khai lại.",
        );
    AttributeRetyped = "attribute-retyped", Minor, request WIRE, response WIRE, rust false,
        "the type, list shape or wire format of a database attribute changed",
        "kiểu, dạng danh sách hoặc định dạng truyền của thuộc tính cơ sở dữ liệu thay đổi",
        action ATTRIBUTE_RETYPED;
    AttributeConstraintsChanged = "attribute-constraints-changed", Minor, request WARN, response WARN, rust false,
        "the constraints, presence, personal-data class or status of a database attribute changed",
        "ràng buộc, tính bắt buộc, loại dữ liệu cá nhân hoặc trạng thái của thuộc tính cơ sở dữ liệu thay đổi",
        action ATTRIBUTE_RETYPED;
    AttributeTextChanged = "attribute-text-changed", Patch, request INFO, response INFO, rust false,
        "the label, description, example or legal basis of a database attribute changed",
        "nhãn, mô tả, ví dụ hoặc căn cứ pháp lý của thuộc tính cơ sở dữ liệu thay đổi",
        action PUBLIC_TEXT_ONLY;
    // Reuse declarations: which dossier components database attributes replace.
    ReuseAdded = "reuse-added", Minor, request INFO, response INFO, rust false,
        "a dossier component is now replaced by database attributes: citizens no longer submit it",
        "thành phần hồ sơ được thay thế bằng dữ liệu: người dân không phải nộp nữa",
        action Action::new(
            "Stop asking for the paper: read the listed attributes from the database instead, from the stated date.",
            "Ngừng yêu cầu nộp giấy tờ: khai thác các thuộc tính được liệt kê từ cơ sở dữ liệu, kể từ ngày nêu.",
        );
    ReuseWithdrawn = "reuse-withdrawn", Minor, request WARN, response WARN, rust false,
        "a dossier component is no longer replaced: citizens must submit the paper again",
        "thành phần hồ sơ không còn được thay thế: người dân phải nộp lại giấy tờ",
        action Action::new(
            "Ask citizens for the paper again in this procedure's dossier, and update the public list and guidance.",
            "Yêu cầu lại giấy tờ này trong hồ sơ của thủ tục, và cập nhật danh mục công khai, hướng dẫn.",
        );
    ReuseAttributesChanged = "reuse-attributes-changed", Minor, request WARN, response WARN, rust false,
        "other database attributes replace a dossier component", "thành phần hồ sơ được thay thế bằng các thuộc tính khác",
        action REUSE_CHANGED;
    ReuseDecisionChanged = "reuse-decision-changed", Minor, request WARN, response WARN, rust false,
        "the decision, start date or status of a replaced dossier component changed",
        "quyết định, ngày áp dụng hoặc trạng thái thay thế thành phần hồ sơ thay đổi",
        action REUSE_CHANGED;
    ReuseTextChanged = "reuse-text-changed", Patch, request INFO, response INFO, rust false,
        "the procedure name, component name, description or note of a reuse declaration changed",
        "tên thủ tục, tên thành phần hồ sơ, mô tả hoặc ghi chú của khai báo thay thế thay đổi",
        action PUBLIC_TEXT_ONLY;
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

    /// As [`classify`](Self::classify), where the readers of the element reject members they do not know: a
    /// field added to what responses carry then breaks the readers built on the previous version.
    pub fn classify_with(self, usage: Usage, strict_readers: bool) -> Class {
        let class = self.classify(usage);
        let adds_member = matches!(self, Rule::FieldRequiredAdded | Rule::FieldOptionalAdded);
        if strict_readers && adds_member && usage.response {
            class.worst(Class::WIRE)
        } else {
            class
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
    pub fn for_status(kinds: [Rule; 3], before: Status, after: Status) -> Rule {
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

/// The directions an element travels in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };
    pub const BOTH: Usage = Usage {
        request: true,
        response: true,
    };
    pub const NONE: Usage = Usage {
        request: false,
        response: false,
    };

    pub fn of(direction: Direction) -> Usage {
        match direction {
            Direction::Request => Usage::REQUEST,
            Direction::Response => Usage::RESPONSE,
        }
    }

    pub fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// `request`, `response`, `request and response`, or `no payload`.
    pub fn describe(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "no payload",
        }
    }
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

    #[test]
    fn every_rule_has_an_action_in_both_languages() {
        for rule in Rule::ALL {
            let Action { en, vi } = rule.action();
            assert!(en.ends_with('.') && vi.ends_with('.'), "{rule}");
        }
    }
}
