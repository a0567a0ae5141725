// The one compiled copy of toml++'s parser (engine/risk/toml.hpp says why it
// is not Debian's shared library).
#define TOML_IMPLEMENTATION 1
#include "engine/risk/toml.hpp"

namespace gfund::risk {

void toml_check_failed(const char* expression) {
  throw TomlCheckFailed(expression);
}

}  // namespace gfund::risk
