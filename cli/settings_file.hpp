#pragma once
// gfund's settings file (docs/settings.md): a small TOML file naming the
// ledger and the model a command takes when neither is typed.
//
// Where: ./gfund.toml when it exists, else $XDG_CONFIG_HOME/gfund/config.toml
// ($XDG_CONFIG_HOME unset or empty: ~/.config/gfund/config.toml); only the
// first found is read. Keys: db (the ledger) and model (the risk model), each
// a string, a relative path taken from the settings file's folder. Any other
// key, or a value that is not a string, is a DataError naming the file, the
// line and the key (exit 65): a typo is never silently ignored.
//
// Precedence: a typed flag, then GFUND_DB (db only), then this file, then the
// built-in default (db: none, so --db is required; model: the model `gfund
// calibrate` last wrote for the ledger, else the shipped one).
#include <string>

namespace gfund::cli {

struct Settings {
  std::string file;   // the settings file read; empty when none was found
  std::string db;     // key `db`, resolved against the file's folder; empty = not set
  std::string model;  // key `model`, likewise
};

// The settings file gfund reads from here (see above), or empty when none exists.
std::string settings_file_path();

// Reads one settings file (DataError as above; NoInputError if it cannot be read).
Settings read_settings_file(const std::string& path);

// The settings of this run: settings_file_path() read once, on first use.
const Settings& settings();

}  // namespace gfund::cli
