#pragma once
// Where gfund finds the data it ships (demo fixtures, the default prior model,
// the demo plan, the stress scenarios). No path is compiled in, so a build
// tree, an installed prefix and a moved prefix all work:
//  1. $GFUND_DATA_DIR when set (it must be a folder; no fallback, so a typo
//     is reported rather than silently replaced);
//  2. a build tree: the file `gfund-data-dir` beside the executable holds the
//     path of the source tree's fixtures/, relative to that file's folder;
//  3. installed: ../share/gfund/fixtures from the executable's folder (the
//     relative path follows the install layout, see CMakeLists.txt).
#include <filesystem>
#include <string>
#include <string_view>

namespace gfund::cli {

// The data folder (it holds demo/, models/, plans/, scenarios/). Throws
// NoInputError saying where it looked and how to point gfund at the data.
std::filesystem::path data_dir();

// data_dir() / relative, as a string for option defaults ("models/demo.toml").
std::string data_file(std::string_view relative);

// The risk model file a command reads: `path` (--model) when given; else the
// settings file's `model` (cli/settings_file.hpp); else the model `gfund
// calibrate` last wrote for the ledger at db_path (recorded in
// the ledger, engine/ledger/ledger_meta.hpp); else the shipped
// models/demo.toml. Which default was taken is said on stderr; a recorded
// model whose file no longer exists is warned about and the shipped one
// taken. db_path may be empty (a --book run) or name a missing file (the
// verb reports that where it opens the ledger): then the shipped model.
std::string model_or_default(const std::string& path, const std::string& db_path);

}  // namespace gfund::cli
