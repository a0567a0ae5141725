#pragma once
// Free text that people type (bank and association names, sectors,
// provinces, transaction references) and that gfund passes on into JSON,
// HTML, CSV and terminals: the rules it must meet, and their limits. Every
// entry path (CSV import, CLI options, the library API) checks through
// check_text, so a name that JSON cannot hold or a 50 MB reference never
// reaches the ledger.
#include <cstddef>
#include <string_view>

namespace gfund {

// Identifiers (bank, association, borrower, loan, agreement ids): short codes
// people type and bank systems print.
inline constexpr std::size_t kIdBytesMax = 64;
// A transaction reference is the bank's key for one event, a code like an
// id: 64 bytes holds a UUID (36) or an ISO 20022 end-to-end id (35) with room
// to spare, and bounds what each event row stores (twice: row and index).
inline constexpr std::size_t kReferenceBytesMax = kIdBytesMax;
// A bank's or association's name: the longest in the fixtures is 47
// characters; 200 bytes holds a long legal name even in Khmer script (3 bytes
// a character in UTF-8) and still fits a report's column.
inline constexpr std::size_t kNameBytesMax = 200;
// A sector or province label ("street vending", "Phnom Penh"): a few words,
// used as a segment key in risk models and as a row label in reports.
inline constexpr std::size_t kLabelBytesMax = 100;

// Offset of the first byte of `text` that is not part of a well-formed UTF-8
// sequence (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), or npos when the whole text is well-formed.
std::size_t utf8_error_offset(std::string_view text);

// Throws DataError naming `field` when `text` is not well-formed UTF-8.
void check_utf8(std::string_view text, const char* field);

// Checks one line of free text: at most `bytes_max` bytes, well-formed
// UTF-8, no control characters (they would move a terminal's cursor or
// break a CSV row). Throws DataError naming `field`; the message never
// repeats the text itself (it may be huge or unprintable).
void check_text(std::string_view text, const char* field, std::size_t bytes_max);

}  // namespace gfund
