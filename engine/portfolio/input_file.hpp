#pragma once
// Reading one input file whole (a CSV, a risk model, a plan, a scenario
// file), with the same answer for every kind when the path is wrong: a
// missing path, a folder or an unreadable file is NoInputError (exit 66)
// naming the path, a read that fails half-way is IoError (exit 74).
#include <string>
#include <string_view>

namespace gfund {

// The file's bytes. `what` names the kind in messages ("CSV file").
std::string read_input_file(const std::string& path, std::string_view what);

}  // namespace gfund
