#pragma once
// The house look shared by every HTML gfund writes (dashboard, term sheet):
// one stylesheet, inlined into each file so it opens offline.
#include <string_view>

namespace gfund::reports {

// CSS for screen (laptop first, narrow screens stack) and print (A4
// landscape, no navigation, figures and table rows kept whole).
std::string_view house_css();

}  // namespace gfund::reports
