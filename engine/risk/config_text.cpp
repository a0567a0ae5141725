#include "engine/risk/config_text.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "models/errors.hpp"
#include "models/text.hpp"

namespace gfund::risk {
namespace {

long line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// nlohmann's own DOM builder with its error hook replaced (sax_parse calls
// the hook of the type it is given): only a SAX handler is told where the
// parse stopped, and json::parse throws a number overflow (out_of_range 406)
// with no position at all.
struct PositionedDom : nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
  using nlohmann::detail::json_sax_dom_parser<nlohmann::json>::json_sax_dom_parser;
  std::size_t offset = 0;  // bytes read when the parse stopped
  std::string reason;
  bool parse_error(std::size_t at, const std::string& token, const nlohmann::detail::exception& e) {
    offset = at;
    if (e.id == 406) {
      reason = fmt::format("number out of range: '{}'", token);
    } else {
      const std::string what = e.what();  // "[json.exception.parse_error.101] parse error at ..."
      const auto tag_end = what.find("] ");
      reason = tag_end == std::string::npos ? what : what.substr(tag_end + 2);
    }
    return false;
  }
};

// Index just past the TOML string opening at text[i] (basic "..." or
// literal '...', single- or multi-line), counting its newlines into `line`.
// A single-line string ends at the line's end even if unclosed (toml++
// reports that); a multi-line one may end in up to two extra quotes.
std::size_t skip_toml_string(std::string_view text, std::size_t i, long& line) {
  const char quote = text[i];
  const bool multi = text.substr(i, 3) == std::string(3, quote);
  std::size_t k = i + (multi ? 3 : 1);
  while (k < text.size()) {
    const char c = text[k];
    if (c == '\\' && quote == '"') {  // an escape: the next byte is never a delimiter
      if (k + 1 < text.size() && text[k + 1] == '\n') ++line;
      k += 2;
      continue;
    }
    if (c == '\n') {
      if (!multi) return k;
      ++line;
    }
    if (c == quote) {
      std::size_t run = 1;
      while (k + run < text.size() && text[k + run] == quote) ++run;
      if (!multi) return k + 1;
      if (run >= 3) return k + std::min<std::size_t>(run, 5);
      k += run;
      continue;
    }
    ++k;
  }
  return k;
}

// Line of the first byte above 0x7F outside a string and a comment, or 0.
long non_ascii_outside_strings(std::string_view text) {
  long line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = skip_toml_string(text, i, line);
    } else if (c == '#') {
      i = std::min(text.find('\n', i), text.size());
    } else {
      if (static_cast<unsigned char>(c) >= 0x80) return line;
      if (c == '\n') ++line;
      ++i;
    }
  }
  return 0;
}

bool bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Index past the key parts starting at text[k] (a, "b".c, ...), or npos
// when a part does not start with a bare-key byte or a quote.
std::size_t skip_key(std::string_view text, std::size_t k) {
  long ignored = 0;
  while (true) {
    k = std::min(text.find_first_not_of(" \t", k), text.size());
    if (k == text.size()) return std::string_view::npos;  // a key part is missing
    const char c = text[k];
    if (c == '"' || c == '\'') {
      k = skip_toml_string(text, k, ignored);
    } else if (bare_key_char(c)) {
      while (k < text.size() && bare_key_char(text[k])) ++k;
    } else {
      return std::string_view::npos;
    }
    k = std::min(text.find_first_not_of(" \t", k), text.size());
    if (k == text.size() || text[k] != '.') return k;
    ++k;
  }
}

// Line of the first key that does not start as TOML allows, or 0. toml++ 3.3
// asserts (and in a release build assumes) that a key starts with a bare-key
// character or a quote; where a table header holds anything else ("[#x]")
// it reaches undefined behaviour, so such text is refused before it sees it.
// Checked: table headers and the keys of key = value lines at the top level
// (not the lines of a value that spans several: an array's elements).
long bad_key_start(std::string_view text) {
  long line = 1;
  int depth = 0;  // [ and { open in a value
  bool line_start = true;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (line_start && depth == 0 && c != '\n') {
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      line_start = false;
      if (c != '#') {
        // A header opens with "[" or "[[" (adjacent), then its key.
        std::size_t key = i;
        if (c == '[') key += key + 1 < text.size() && text[key + 1] == '[' ? 2 : 1;
        const std::size_t end = skip_key(text, key);
        if (end == std::string_view::npos) return line;
        i = end;
        continue;
      }
    }
    if (c == '"' || c == '\'') {
      i = skip_toml_string(text, i, line);
      continue;
    }
    if (c == '#') {
      i = std::min(text.find('\n', i), text.size());
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && depth > 0) --depth;
    if (c == '\n') {
      ++line;
      line_start = true;
    }
    ++i;
  }
  return 0;
}

// The line where toml++'s own check fails (TomlCheckFailed), which the
// exception does not say: the parser reads left to right, so the first line
// whose end, as a prefix of the text, already fails the check is where the
// fault is. Found by bisection over line ends: about log2(lines) parses of
// a file that is small (a configuration file's size limit bounds it).
long line_of_failed_check(std::string_view text) {
  std::vector<std::size_t> ends;  // offset just past each line
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') ends.push_back(i + 1);
  if (ends.empty() || ends.back() != text.size()) ends.push_back(text.size());
  const auto fails = [&](std::size_t lines) {
    try {
      (void)toml::parse(text.substr(0, ends[lines - 1]));
    } catch (const TomlCheckFailed&) {
      return true;
    } catch (const toml::parse_error&) {
    }
    return false;
  };
  std::size_t lo = 1, hi = ends.size();  // fails(hi) holds: the whole text
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (fails(mid)) hi = mid; else lo = mid + 1;
  }
  return static_cast<long>(lo);
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& file_name) {
  nlohmann::json root;
  PositionedDom dom(root, false);
  if (nlohmann::json::sax_parse(text, &dom)) return root;
  throw DataError("not valid JSON: " + dom.reason, ErrorSite{file_name, line_of(text, dom.offset), {}});
}

toml::table parse_toml_text(std::string_view text, const std::string& file_name) {
  if (auto at = utf8_error_offset(text); at != std::string_view::npos)
    throw DataError("not valid TOML: not UTF-8 text; save the file as UTF-8", ErrorSite{file_name, line_of(text, at), {}});
  if (long line = non_ascii_outside_strings(text))
    throw DataError("not valid TOML: a non-ASCII character outside a quoted string or a comment (a key that holds "
                    "one must be quoted: \"name\" = ...)",
                    ErrorSite{file_name, line, {}});
  if (long line = bad_key_start(text))
    throw DataError("not valid TOML: a key must start with a letter, a digit, '_', '-' or a quote",
                    ErrorSite{file_name, line, {}});
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    throw DataError(fmt::format("not valid TOML: {}", e.description()),
                    ErrorSite{file_name, static_cast<long>(e.source().begin.line), {}});
  } catch (const TomlCheckFailed& e) {
    throw DataError(fmt::format("not valid TOML: the TOML reader cannot read this line safely (its check '{}' "
                                "fails); look for a misplaced bracket, brace or comma",
                                e.what()),
                    ErrorSite{file_name, line_of_failed_check(text), {}});
  }
}

}  // namespace gfund::risk
