# Input filter for Doxygen (docs/Doxyfile): gfund's headers document their
# units and invariants in plain // comments (STYLE.md); this turns them into
# Doxygen comments for the API page, so the sources keep one comment style.
#   #pragma once            -> a \file block; the file's opening comment is its text
#   // text  (own line)     -> /// text: documents the declaration below
#   code;  // text          -> code;  ///< text: documents the member on the line;
#                              own-line comments right under it, at least as far
#                              right, continue it
# Text outside `code spans` has Doxygen's special characters escaped, so a
# comment such as "bank\x1fref" or "> 0" reads as written.
function esc(s,    n, parts, i, out) {
  n = split(s, parts, "`")
  out = ""
  for (i = 1; i <= n; i++) {
    if (i % 2 == 1) {
      gsub(/\\/, "&&", parts[i])
      gsub(/[@<>#&$%]/, "\\\\&", parts[i])
    }
    out = out parts[i] (i < n ? "`" : "")
  }
  return out
}
# Position of the first // outside a string literal, 0 if none.
function comment_at(line,    i, c, quoted) {
  quoted = 0
  for (i = 1; i < length(line); i++) {
    c = substr(line, i, 1)
    if (c == "\\" && quoted) { i++; continue }
    if (c == "\"") quoted = !quoted
    else if (!quoted && c == "/" && substr(line, i + 1, 1) == "/") return i
  }
  return 0
}
{
  if ($0 ~ /^#pragma once/) { print "/// \\file"; trailing = 0; next }
  at = comment_at($0)
  if (at == 0) { print; trailing = 0; next }
  code = substr($0, 1, at - 1)
  text = substr($0, at + 2)
  sub(/^\/?!?</, "", text)   # already a Doxygen comment: keep its text only
  if (code ~ /^[ \t]*$/) {
    trailing = trailing && at >= trailing - 1 ? trailing : 0
    print code (trailing ? "///<" : "///") esc(text)
  } else {
    print code "///<" esc(text)
    trailing = at
  }
}
