#pragma once
// The one page of `gfund serve`: HTML, its script and its style, all served
// from the server's own origin (no external script, font or image; no build
// chain). The script asks /api/quote as the terms move and shows the
// answer beside the current terms.
#include <string>
#include <string_view>

namespace gfund::server {

// The page, with the run's token for the script's requests (a hex string).
std::string page_html(const std::string& token);
std::string_view page_script();
// The dashboard's house style and the explorer's own rules.
std::string page_style();

}  // namespace gfund::server
