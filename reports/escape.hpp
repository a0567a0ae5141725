#pragma once
// Escaping text for the markup formats reports write (HTML, SVG, XML).
#include <string>
#include <string_view>

namespace gfund::reports {

// & < > " ' replaced by entities: safe in element text and quoted attributes.
std::string escape_xml(std::string_view text);

// A lowercase ASCII identifier from a title ("Aging buckets by bank" ->
// "aging-buckets-by-bank"), for HTML ids and export file names. Never empty.
std::string slug(std::string_view text);

}  // namespace gfund::reports
