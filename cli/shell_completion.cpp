// The bash completion script (cli/shell_completion.hpp). Every word it lists
// comes from the App tree; a word bash would split or expand is left out
// rather than quoted (gfund's names are plain words).
#include "cli/shell_completion.hpp"

#include <cctype>

#include <fmt/format.h>

#include "cli/app_tree.hpp"

namespace gfund::cli {

namespace {

bool plain_word(const std::string& w) {
  if (w.empty()) return false;
  for (const char c : w)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

std::string word_list(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    if (plain_word(w)) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> long_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (n.rfind("--", 0) == 0) out.push_back(n);
  return out;
}

// One verb's case: the fixed values after an option that has them, nothing
// (file names) after any other option taking a value, else its options.
std::string verb_case(const CLI::App& verb) {
  std::string values;
  std::vector<std::string> valued, positional_choices;
  bool positional = false;
  for (const CLI::App* app = &verb; app; app = app->get_fallthrough() ? app->get_parent() : nullptr)
    for (const CLI::Option* opt : options_of(*app)) {
      if (app == &verb && opt->get_positional()) {
        positional = true;
        const auto choices = fixed_choices(*opt);
        positional_choices.insert(positional_choices.end(), choices.begin(), choices.end());
      }
      if (!takes_value(*opt)) continue;
      const auto names = typed_names(*opt);
      valued.insert(valued.end(), names.begin(), names.end());
      const std::string choices = word_list(fixed_choices(*opt));
      std::string pattern;
      for (const auto& n : names)
        if (plain_word(n)) pattern += (pattern.empty() ? "" : "|") + n;
      if (!choices.empty() && !pattern.empty())
        values += fmt::format("        {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return 0;;\n", pattern,
                              choices);
    }
  return fmt::format(
      "    {})\n      case \"$prev\" in\n{}      esac\n      valued=\" {} \"\n      opts=\"{}\"\n"
      "      positional={}; values=\"{}\";;\n",
      verb.get_name(), values, word_list(valued), word_list(long_names(option_names(verb))), positional ? 1 : 0,
      word_list(positional_choices));
}

}  // namespace

std::string bash_completion_script(const CLI::App& root) {
  std::vector<std::string> verbs;
  std::string cases;
  for (const CLI::App* v : verbs_of(root)) {
    verbs.push_back(v->get_name());
    cases += verb_case(*v);
  }
  return fmt::format(
      "# bash completion for gfund, written by `gfund completion bash` from gfund's own\n"
      "# command definitions. Use: source <(gfund completion bash)\n"
      "_gfund() {{\n"
      "  local cur prev verb opts valued positional values i\n"
      "  cur=\"${{COMP_WORDS[COMP_CWORD]}}\"\n"
      "  prev=\"\"; (( COMP_CWORD > 0 )) && prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"\n"
      "  verb=\"\"\n"
      "  for (( i = 1; i < COMP_CWORD; i++ )); do\n"
      "    case \"${{COMP_WORDS[i]}}\" in -*) ;; *) verb=\"${{COMP_WORDS[i]}}\"; break;; esac\n"
      "  done\n"
      "  COMPREPLY=()\n"
      "  if [[ -z \"$verb\" ]]; then\n"
      "    COMPREPLY=($(compgen -W \"{} {}\" -- \"$cur\"))\n"
      "    return 0\n"
      "  fi\n"
      "  case \"$verb\" in\n"
      "{}"
      "    *) return 0;;\n"
      "  esac\n"
      "  [[ -n \"$prev\" && \"$valued\" == *\" $prev \"* ]] && return 0  # a value: file names\n"
      "  if [[ \"$cur\" == -* || ( -z \"$cur\" && $positional == 0 ) ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
      "  elif [[ -n \"$values\" ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))  # a positional with fixed values\n"
      "  fi\n"
      "  return 0\n"
      "}}\n"
      "complete -o default -F _gfund gfund\n",
      word_list(verbs), word_list(long_names(option_names(root))), cases);
}

}  // namespace gfund::cli
