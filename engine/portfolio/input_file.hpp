#pragma once
// Reading one input file whole (a CSV, a risk model, a plan, a scenario
// file), with the same answer for every kind when the path is wrong: a
// missing path, a folder or an unreadable file is NoInputError (exit 66)
// naming the path, a read that fails half-way is IoError (exit 74).
//
// Every input a verb reads (these files and the ledger's image,
// engine/ledger/store.cpp) passes through shared_input, so that in a job of
// several processes (MPI ranks, engine/risk/mpi_ranks.hpp) one process reads
// it and every process gets the same bytes.
#include <functional>
#include <string>
#include <string_view>

namespace gfund {

// The file's bytes. `what` names the kind in messages ("CSV file").
std::string read_input_file(const std::string& path, std::string_view what);

// How this process obtains an input's bytes: `read` reads them. Without a
// sharing installed the process calls `read` itself; with one (installed
// once at start, before any thread, by the MPI session) the sharing decides
// who reads and hands every process the same bytes.
using InputSharing = std::string (*)(const std::function<std::string()>& read);
void set_input_sharing(InputSharing sharing);
bool input_shared();  // a sharing is installed
std::string shared_input(const std::function<std::string()>& read);

}  // namespace gfund
