//! What a system must do about each kind of change, in English and Vietnamese.

use crate::diff::Rule;

/// The action for a change of `rule`: (English, Vietnamese).
///
/// A *sender* writes the payload (the caller for a request, the answering system for a response); a *reader*
/// reads it.
pub fn action(rule: Rule) -> (&'static str, &'static str) {
    use Rule::*;
    match rule {
        RegistryWireDefaultChanged => (
            "Check every field listed with `field-format-changed`: write and read those values in the new format.",
            "Kiểm tra từng trường được liệt kê với `field-format-changed`: ghi và đọc các giá trị đó theo định dạng mới.",
        ),
        AuthSchemeAdded => (
            "Nothing to do unless a contract you implement starts using the scheme.",
            "Không cần làm gì, trừ khi hợp đồng bạn triển khai bắt đầu dùng cơ chế này.",
        ),
        AuthSchemeRemoved => (
            "Stop configuring the scheme; the contracts that used it name their new scheme.",
            "Ngừng cấu hình cơ chế này; các hợp đồng từng dùng nó đã nêu cơ chế mới.",
        ),
        AuthSchemeTypeChanged => (
            "Change how your system authenticates for every contract that uses this scheme.",
            "Thay đổi cách hệ thống xác thực cho mọi hợp đồng dùng cơ chế này.",
        ),
        AuthSchemeTextChanged
        | IdentifierTextChanged
        | LegalSourceDetailsChanged
        | LegalProvisionTextChanged
        | ContractTitleChanged
        | ContractDescriptionChanged
        | ContractExamplesChanged
        | PayloadDescriptionChanged
        | FieldLabelChanged
        | FieldDescriptionChanged
        | FieldExampleChanged
        | RecordLabelChanged
        | RecordDescriptionChanged
        | CatalogueLabelChanged
        | CatalogueDescriptionChanged
        | CodeDescriptionChanged => (
            "Nothing on the wire; update documentation, forms and screens that show this text.",
            "Không ảnh hưởng đường truyền; cập nhật tài liệu, biểu mẫu và màn hình hiển thị nội dung này.",
        ),
        IdentifierAdded | RecordAdded | CatalogueAdded | LegalSourceAdded | LegalProvisionAdded => {
            (
                "Nothing to do until a contract you implement uses it.",
                "Không cần làm gì cho đến khi hợp đồng bạn triển khai dùng đến.",
            )
        }
        IdentifierRemoved | LegalSourceRemoved | LegalProvisionRemoved => (
            "Nothing on the wire; the elements that referred to it are listed with their own changes.",
            "Không ảnh hưởng đường truyền; các thành phần từng tham chiếu đến nó được liệt kê với thay đổi riêng.",
        ),
        IdentifierPatternChanged | IdentifierLengthChanged => (
            "Check the fields that use this identifier: their constraint changes are listed with them.",
            "Kiểm tra các trường dùng mã định danh này: thay đổi ràng buộc được liệt kê cùng các trường đó.",
        ),
        ContractLegalChanged
        | RecordLegalChanged
        | CatalogueLegalChanged
        | CodeLegalChanged
        | FieldLegalChanged => (
            "Nothing on the wire; update the legal references in your documentation and traceability records.",
            "Không ảnh hưởng đường truyền; cập nhật căn cứ pháp lý trong tài liệu và hồ sơ truy vết.",
        ),
        ContractAdded => (
            "Implement the new contract if your system is one of its parties.",
            "Triển khai hợp đồng mới nếu hệ thống của bạn là một bên của hợp đồng.",
        ),
        ContractRemoved => (
            "Stop calling and serving this operation; remove the code that uses its generated types.",
            "Ngừng gọi và cung cấp nghiệp vụ này; gỡ mã nguồn dùng các kiểu được sinh cho nó.",
        ),
        ContractActivated | RecordActivated | CatalogueActivated | FieldActivated => (
            "It is no longer a proposal: implement it by the date the release takes effect.",
            "Không còn là đề xuất: triển khai trước ngày phiên bản có hiệu lực.",
        ),
        ContractDeprecated | RecordDeprecated | CatalogueDeprecated | FieldDeprecated => (
            "Keep it working for now, and plan to stop using it; the description says what replaces it.",
            "Tạm thời vẫn duy trì, và lên kế hoạch ngừng sử dụng; phần mô tả nêu thành phần thay thế.",
        ),
        ContractStatusChanged
        | RecordStatusChanged
        | CatalogueStatusChanged
        | FieldStatusChanged => (
            "Read the new status and its description, and adjust your plans for this element.",
            "Đọc trạng thái mới và mô tả, điều chỉnh kế hoạch đối với thành phần này.",
        ),
        ContractProviderChanged | ContractConsumerChanged => (
            "The parties of the exchange changed: check whether your system now provides or consumes this data.",
            "Các bên trao đổi đã thay đổi: kiểm tra hệ thống của bạn nay cung cấp hay sử dụng dữ liệu này.",
        ),
        ContractChannelChanged => (
            "Connect through the new channel (Art. 18.3) before the release takes effect.",
            "Kết nối qua kênh mới (Điều 18.3) trước ngày phiên bản có hiệu lực.",
        ),
        ContractOperationChanged => (
            "Callers send the new operation name; the answering system accepts it.",
            "Bên gọi gửi tên nghiệp vụ mới; bên trả lời chấp nhận tên này.",
        ),
        ContractMethodChanged | ContractPathChanged => (
            "Callers change the HTTP method or path they call; the answering system serves the new one.",
            "Bên gọi đổi phương thức hoặc đường dẫn HTTP; bên trả lời cung cấp phương thức, đường dẫn mới.",
        ),
        ContractAuthChanged => (
            "Obtain credentials for the new authentication scheme and send them with every call.",
            "Đăng ký thông tin xác thực theo cơ chế mới và gửi kèm mọi lời gọi.",
        ),
        ContractSignatureRequired => (
            "Senders sign every payload (Art. 3); readers reject unsigned ones.",
            "Bên gửi ký số mọi gói dữ liệu (Điều 3); bên nhận từ chối gói không có chữ ký.",
        ),
        ContractSignatureNoLongerRequired => (
            "Readers must accept unsigned payloads; senders may keep signing.",
            "Bên nhận phải chấp nhận gói dữ liệu không ký; bên gửi có thể tiếp tục ký.",
        ),
        ContractSignatureOptionalChanged | ContractEncryptionOptionalChanged => (
            "Readers check whether they handle the option; senders need not change.",
            "Bên nhận kiểm tra việc xử lý tùy chọn này; bên gửi không cần thay đổi.",
        ),
        ContractEncryptionRequired => (
            "Senders encrypt every payload (Art. 3); readers decrypt them.",
            "Bên gửi mã hóa mọi gói dữ liệu (Điều 3); bên nhận giải mã.",
        ),
        ContractEncryptionNoLongerRequired => (
            "Readers must accept unencrypted payloads; senders may keep encrypting.",
            "Bên nhận phải chấp nhận gói dữ liệu không mã hóa; bên gửi có thể tiếp tục mã hóa.",
        ),
        FieldRequiredAdded => (
            "Senders fill the field in every payload; readers may rely on it.",
            "Bên gửi điền trường này trong mọi gói dữ liệu; bên nhận có thể dựa vào trường này.",
        ),
        FieldOptionalAdded => (
            "Senders may fill the field; readers that do not know it can ignore it.",
            "Bên gửi có thể điền trường này; bên nhận chưa biết trường có thể bỏ qua.",
        ),
        FieldRequiredRemoved => (
            "Senders stop sending the field; readers stop expecting it and remove the code that reads it.",
            "Bên gửi ngừng gửi trường này; bên nhận không còn chờ trường và gỡ mã nguồn đọc trường.",
        ),
        FieldOptionalRemoved => (
            "Senders stop sending the field (it would be rejected); readers remove the code that reads it.",
            "Bên gửi ngừng gửi trường này (sẽ bị từ chối); bên nhận gỡ mã nguồn đọc trường.",
        ),
        FieldWireNameChanged => (
            "Send and read the field under its new name.",
            "Gửi và đọc trường theo tên mới.",
        ),
        FieldRustNameChanged
        | RecordRustNameChanged
        | CatalogueRustNameChanged
        | CodeRustNameChanged => (
            "Nothing on the wire; rename the uses in code built on the generated Rust crate.",
            "Không ảnh hưởng đường truyền; đổi tên các chỗ dùng trong mã nguồn dựa trên crate Rust được sinh.",
        ),
        FieldTypeChanged | FieldCatalogueChanged | FieldRecordChanged => (
            "Write and read the field as its new type.",
            "Ghi và đọc trường theo kiểu dữ liệu mới.",
        ),
        FieldIdentifierChanged => (
            "Check the field's constraints, listed with their own changes.",
            "Kiểm tra ràng buộc của trường, được liệt kê với thay đổi riêng.",
        ),
        FieldFormatChanged => (
            "Write and read the value in the new wire format.",
            "Ghi và đọc giá trị theo định dạng truyền mới.",
        ),
        FieldRustTypeChanged => (
            "Nothing else on the wire; update code built on the generated Rust crate to the new type.",
            "Không ảnh hưởng thêm đến đường truyền; cập nhật mã nguồn dựa trên crate Rust được sinh theo kiểu mới.",
        ),
        FieldBecameRequired => (
            "Senders always fill the field; readers may rely on it.",
            "Bên gửi luôn điền trường này; bên nhận có thể dựa vào trường này.",
        ),
        FieldBecameOptional => (
            "Readers handle payloads without the field; senders need not change.",
            "Bên nhận xử lý được gói dữ liệu không có trường này; bên gửi không cần thay đổi.",
        ),
        FieldBecameList => (
            "Send and read a list of values (a JSON array) instead of one value.",
            "Gửi và đọc danh sách giá trị (mảng JSON) thay cho một giá trị.",
        ),
        FieldBecameSingle => (
            "Send and read one value instead of a list.",
            "Gửi và đọc một giá trị thay cho danh sách.",
        ),
        FieldMinItemsRaised | FieldMaxItemsLowered => (
            "Senders respect the new number of items; readers need not change.",
            "Bên gửi tuân thủ số phần tử mới; bên nhận không cần thay đổi.",
        ),
        FieldMinItemsLowered | FieldMaxItemsRaised => (
            "Readers accept lists of the new size (including storage and screens); senders need not change.",
            "Bên nhận chấp nhận danh sách có kích thước mới (kể cả lưu trữ và màn hình); bên gửi không cần thay đổi.",
        ),
        FieldPatternAdded | FieldPatternChanged => (
            "Senders send only values that match the new pattern; readers check with it.",
            "Bên gửi chỉ gửi giá trị khớp mẫu mới; bên nhận kiểm tra theo mẫu này.",
        ),
        FieldPatternRemoved => (
            "Readers accept values that did not match the old pattern; senders need not change.",
            "Bên nhận chấp nhận giá trị không khớp mẫu cũ; bên gửi không cần thay đổi.",
        ),
        FieldMinLengthRaised | FieldMaxLengthLowered | FieldMinimumRaised | FieldMaximumLowered => {
            (
                "Senders send only values within the new bounds; readers need not change.",
                "Bên gửi chỉ gửi giá trị trong giới hạn mới; bên nhận không cần thay đổi.",
            )
        }
        FieldMinLengthLowered | FieldMaxLengthRaised | FieldMinimumLowered | FieldMaximumRaised => {
            (
                "Readers accept values within the new bounds (check column sizes and validation); senders need not change.",
                "Bên nhận chấp nhận giá trị trong giới hạn mới (kiểm tra độ dài cột và kiểm tra dữ liệu); bên gửi không cần thay đổi.",
            )
        }
        FieldPersonalDataRaised => (
            "Protect the field at its new personal-data class (Decree 13/2023/ND-CP): access, logging, retention.",
            "Bảo vệ trường theo loại dữ liệu cá nhân mới (Nghị định 13/2023/NĐ-CP): phân quyền, ghi nhật ký, lưu trữ.",
        ),
        FieldPersonalDataLowered => (
            "You may relax the protection of the field to its new class, if nothing else requires it.",
            "Có thể nới mức bảo vệ trường theo loại mới nếu không có yêu cầu nào khác.",
        ),
        RecordRemoved | CatalogueRemoved => (
            "Nothing on the wire beyond the fields listed; remove the code that uses its generated type.",
            "Không ảnh hưởng đường truyền ngoài các trường đã liệt kê; gỡ mã nguồn dùng kiểu được sinh cho nó.",
        ),
        CatalogueFormatChanged => (
            "Send and read the codes in the new format (string or number).",
            "Gửi và đọc mã theo định dạng mới (chuỗi hoặc số).",
        ),
        CodeAdded => (
            "Readers map the new code (the generated types keep it as `Unlisted` until you update); senders may send it.",
            "Bên nhận ánh xạ mã mới (các kiểu được sinh giữ mã ở dạng `Unlisted` cho đến khi cập nhật); bên gửi có thể gửi mã này.",
        ),
        CodeRemoved => (
            "Senders stop sending the code; readers may drop its handling.",
            "Bên gửi ngừng gửi mã này; bên nhận có thể bỏ phần xử lý mã.",
        ),
        CodeRecoded => (
            "Send and read the entry under its new code.",
            "Gửi và đọc mục này theo mã mới.",
        ),
        CodeRelabelled => (
            "Check that the code still means what your system maps it to; update labels you show.",
            "Kiểm tra mã vẫn mang ý nghĩa mà hệ thống của bạn ánh xạ; cập nhật nhãn hiển thị.",
        ),
        CodeDeprecated => (
            "Senders move to the replacement code; readers keep accepting the old one.",
            "Bên gửi chuyển sang mã thay thế; bên nhận vẫn chấp nhận mã cũ.",
        ),
        CodeUndeprecated => (
            "The code may be sent again.",
            "Mã này được gửi lại bình thường.",
        ),
        CodeReplacementChanged => (
            "Senders move to the new replacement code.",
            "Bên gửi chuyển sang mã thay thế mới.",
        ),
        CodeVariantAdded | VariantSystemAdded => (
            "If your system uses that other numbering, use the new mapping.",
            "Nếu hệ thống của bạn dùng bộ mã khác đó, áp dụng ánh xạ mới.",
        ),
        CodeVariantRemoved | CodeVariantChanged | VariantSystemRemoved => (
            "If your system translates from that other numbering, update the mapping.",
            "Nếu hệ thống của bạn chuyển đổi từ bộ mã khác đó, cập nhật bảng ánh xạ.",
        ),
        FieldPrefillChanged => (
            "Fill the field in your e-forms from the attribute the contract now names (Art. 14).",
            "Tự động điền trường trên biểu mẫu điện tử từ thuộc tính mà hợp đồng nay chỉ ra (Điều 14).",
        ),
        OwnerAdded | DatabaseAdded | AttributeAdded => (
            "Nothing to do; you may now read what was published.",
            "Không cần làm gì; từ nay có thể khai thác nội dung mới được công bố.",
        ),
        OwnerRemoved | OwnerChanged | OwnerAssigned | OwnerDetailsChanged => (
            "Address questions and change requests about these elements to the owner now named.",
            "Gửi câu hỏi, đề nghị thay đổi về các thành phần này tới cơ quan quản lý hiện được nêu.",
        ),
        DatabaseRemoved => (
            "Stop relying on the description; ask the owner how the data are now shared.",
            "Ngừng dựa vào mô tả này; liên hệ cơ quan quản lý để biết cách dữ liệu được chia sẻ hiện nay.",
        ),
        DatabaseStatusChanged | DatabaseAccessChanged | DatabaseServicesChanged => (
            "Check that your connection to the database still meets its access conditions and calls its current services.",
            "Kiểm tra kết nối tới cơ sở dữ liệu vẫn đáp ứng điều kiện khai thác và gọi đúng dịch vụ hiện hành.",
        ),
        DatabaseTextChanged | AttributeTextChanged | ReuseTextChanged => (
            "Nothing on the wire; update documentation, forms and public notices that show this text.",
            "Không ảnh hưởng đường truyền; cập nhật tài liệu, biểu mẫu và thông báo công khai hiển thị nội dung này.",
        ),
        AttributeRemoved => (
            "Stop reading the attribute; e-forms it pre-filled must ask the citizen for the value again.",
            "Ngừng khai thác thuộc tính này; biểu mẫu điện tử từng tự động điền từ nó phải yêu cầu người dân khai lại.",
        ),
        AttributeRetyped | AttributeConstraintsChanged => (
            "Read the attribute in its new type, format and constraints, and check the fields it pre-fills.",
            "Đọc thuộc tính theo kiểu, định dạng và ràng buộc mới, và kiểm tra các trường được tự động điền từ nó.",
        ),
        ReuseAdded => (
            "Stop asking for the paper: read the listed attributes from the database instead, from the stated date.",
            "Ngừng yêu cầu nộp giấy tờ: khai thác các thuộc tính được liệt kê từ cơ sở dữ liệu, kể từ ngày nêu.",
        ),
        ReuseWithdrawn => (
            "Ask citizens for the paper again in this procedure's dossier, and update the public list and guidance.",
            "Yêu cầu lại giấy tờ này trong hồ sơ của thủ tục, và cập nhật danh mục công khai, hướng dẫn.",
        ),
        ReuseAttributesChanged | ReuseDecisionChanged => (
            "Read the attributes now listed, under the stated decision and from the stated date.",
            "Khai thác các thuộc tính hiện được liệt kê, theo quyết định và kể từ ngày được nêu.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_an_action_in_both_languages() {
        for rule in Rule::ALL {
            let (en, vi) = action(*rule);
            assert!(en.ends_with('.') && vi.ends_with('.'), "{rule}");
        }
    }
}
