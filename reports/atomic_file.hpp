#pragma once
// Output files appear whole or not at all: written beside the target under a
// temporary name, flushed, then renamed over it. A failed report never
// leaves a half-written dashboard for someone to send on.
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace gfund::reports {

// Writes `text` to `path` atomically. Throws IoError naming the path.
void write_file_atomically(const std::string& path, std::string_view text);

// Calls `write(out)` on a stream into the temporary file (so a large file is
// never held in memory), checks that every byte reached the disk (a full disk
// fails the flush or the close), then renames it to `path`. On any failure the
// temporary file is removed and IoError names `path` and the system's reason.
void write_stream_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// Calls `write(tmp_path)` to produce the file under a temporary name in the
// same folder, then renames it to `path`. If `write` throws, the temporary
// file is removed and `path` is untouched.
void produce_file_atomically(const std::string& path, const std::function<void(const std::string&)>& write);

}  // namespace gfund::reports
