/**
 * Diagnostic codes of lexer, include and parser (VK01xx).
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of lexer, include and parser (VK01xx).
 *
 * @example
 * ```ts
 * import { syntaxCodes } from "./syntax.ts";
 * syntaxCodes.forEach((c) => c.code);
 * ```
 */
export const syntaxCodes: CodeInfo[] = [
  {
    code: "VK0101",
    severity: "error",
    title: "Line too long",
    description:
      "A physical line is longer than 1022 bytes. keepalived reads lines into a 1024-byte buffer: 2.2.7 silently reads the rest of such a line as further lines, newer versions report 'line too long - ignoring' and drop it. vipkeeper drops it.",
  },
  {
    code: "VK0102",
    severity: "error",
    title: "Embedded NUL",
    description:
      "A line contains a NUL byte. keepalived 2.2.7 silently cuts the line at the NUL; newer versions report 'configuration appears to have embedded NULs - ignoring line' and drop it. vipkeeper drops it.",
  },
  {
    code: "VK0103",
    severity: "warning",
    title: "Invalid UTF-8",
    description:
      "A file is not valid UTF-8. keepalived works on bytes and says nothing; vipkeeper replaces the invalid bytes with U+FFFD and points at the first line holding one.",
  },
  {
    code: "VK0104",
    severity: "error",
    title: "Unterminated quote",
    description:
      "A line has an odd number of double quotes outside its comment. keepalived reports 'Unterminated quote' (and then 'Unmatched quote' when splitting words) and drops the text after the lone quote.",
  },
  {
    code: "VK0105",
    severity: "error",
    title: "Unmatched quote",
    description:
      "A word starts with a double quote that is never closed. keepalived reports 'Unmatched quote' and drops the rest of the line.",
  },
  {
    code: "VK0106",
    severity: "warning",
    title: "Include not written as a literal line",
    description:
      "An include line only appears after an '@id' condition, a '$' substitution, or after a brace on the same line ('blk { include x }'). keepalived processes such an include, but its child processes re-read the raw line and process it a second time, so the included lines are applied twice (and after a brace the rest of the line, '}' included, is the pattern). vipkeeper honours only include lines written literally at the start of a line and ignores this one.",
  },
  {
    code: "VK0107",
    severity: "error",
    title: "Include without a pattern",
    description:
      "An include keyword with nothing after it. keepalived does not treat the line as an include and reports it as an unknown keyword. (Everything after the keyword is the pattern, blanks and quotes included: keepalived does not split or unquote it, and neither does vipkeeper.)",
  },
  {
    code: "VK0108",
    severity: "warning",
    title: "Byte-order mark",
    description:
      "A file starts with a UTF-8 byte-order mark. keepalived reads it as part of the first keyword (an unknown keyword); vipkeeper drops it and says so.",
  },
  {
    code: "VK0109",
    severity: "error",
    title: "Duplicate include_check",
    description:
      "Only the first word of include_check may be given without '+' or '-' (it sets 'read' plus that check); keepalived reports a later unsigned word as 'Duplicate include_check' and ignores it.",
  },
  {
    code: "VK0110",
    severity: "warning",
    title: "Included file missing",
    description:
      "An include pattern without wildcards names no file. keepalived logs 'Config files missing' and carries on; with 'includem', 'includew', 'includea' or include_check 'match' it is an error (exit 6), and vipkeeper then reports an error too.",
  },
  {
    code: "VK0111",
    severity: "info",
    title: "Include wildcard matched nothing",
    description:
      "An include pattern with wildcards matched no file. keepalived is silent about it unless 'includew', 'includea' or include_check 'wildcard_match' is used, which makes it an error ('No config files matched', exit 6).",
  },
  {
    code: "VK0112",
    severity: "warning",
    title: "Include brace alternative missing",
    description:
      "Some '{a,b}' alternatives of an include pattern matched nothing. keepalived reads the files that exist and logs 'Some config files missing'; with 'includeb', 'includea' or include_check 'brace_match' it is an error.",
  },
  {
    code: "VK0113",
    severity: "warning",
    title: "Included path not a regular non-executable file",
    description:
      "An include matched a directory or an executable file. keepalived skips it ('is not a regular non-executable file - skipping'); with a 'read' check ('includer', 'includem', 'includew', 'includeb', 'includea') it is an error.",
  },
  {
    code: "VK0114",
    severity: "warning",
    title: "Included file unreadable",
    description:
      "An included file exists but cannot be read. keepalived skips it; with a 'read' check it is an error.",
  },
  {
    code: "VK0115",
    severity: "error",
    title: "Include cycle",
    description:
      "A file includes itself, directly or through other files. keepalived has no cycle detection and recurses until it runs out of file descriptors; vipkeeper names the chain and does not follow the include.",
  },
  {
    code: "VK0116",
    severity: "error",
    title: "Includes nested too deep",
    description: "Includes are nested more than 32 levels deep; vipkeeper stops following them.",
  },
  {
    code: "VK0117",
    severity: "error",
    title: "Configuration file missing",
    description:
      "The main configuration file does not exist or cannot be read. keepalived -t prints 'Config files missing' and still exits 0, then runs with an empty configuration; vipkeeper refuses it.",
  },
  {
    code: "VK0118",
    severity: "error",
    title: "Configuration file not a regular non-executable file",
    description:
      "The main configuration file is a directory or executable. keepalived skips it silently and runs with an empty configuration; vipkeeper refuses it.",
  },
  {
    code: "VK0119",
    severity: "error",
    title: "Unknown include_check type",
    description:
      "include_check (in global_defs) accepts read, match, wildcard_match and brace_match, each optionally prefixed by '+' or '-'. keepalived reports 'Unknown include_check type' and ignores the word (a first word without sign still clears the checks).",
  },
  {
    code: "VK0120",
    severity: "error",
    title: "Invalid ~SEQ or ~LST",
    description:
      "A '~SEQ(var, [start,] [step,] end)' or '~LST(var, values...)' line is malformed. keepalived reports 'Invalid ~SEQ definition' and drops the line.",
  },
  {
    code: "VK0121",
    severity: "error",
    title: "Invalid ~SEQ values",
    description:
      "A '~SEQ' step is zero or points away from the end value, or '~SEQx' has a negative value, or the sequence is longer than 100000 values. keepalived reports 'Invalid ~SEQ values' (or '~SEQx is only valid for positive numbers') and drops the line.",
  },
  {
    code: "VK0125",
    severity: "error",
    title: "Substitution too long",
    description:
      "Expanding '$' definitions would make the line longer than 1024 bytes. keepalived reports 'Parameter substitution on line ... would exceed maximum line length' (a log line, not a -t error), stops substituting and reads the line as far as it got; vipkeeper does the same and reports an error.",
  },
  {
    code: "VK0126",
    severity: "error",
    title: "Recursive definition",
    description:
      "A '$' definition expands to itself (directly or through others). keepalived loops forever or until the line is too long; vipkeeper stops after 1000 substitutions and drops the line.",
  },
  {
    code: "VK0127",
    severity: "info",
    title: "${_ENV} needs keepalived 2.4",
    description:
      "'${_ENV NAME}' was added in keepalived 2.4.0; keepalived 2.2.7 leaves it unexpanded. vipkeeper expands it from the environment it was given.",
  },
  {
    code: "VK0128",
    severity: "warning",
    title: "Odd ${_RANDOM} parameters",
    description:
      "'${_RANDOM MIN MAX}' takes at most two numbers and MAX should not be below MIN. keepalived ignores extra text; vipkeeper uses MIN when MAX is smaller.",
  },
  {
    code: "VK0129",
    severity: "error",
    title: "Expansion nests too deep",
    description:
      "Multi-line definitions and ~SEQ/~LST generators nest more than 256 deep, or the input expands to more than 1,000,000 lines (2,000,000 processed); typically a multi-line definition that refers to itself. keepalived expands forever; vipkeeper reports it once and stops reading.",
  },
  {
    code: "VK0130",
    severity: "info",
    title: "Trailing backslash does not continue a line",
    description:
      "Only '$NAME=' definitions continue onto the next line with a final '\\'. On any other line keepalived keeps the backslash in the last word (so 'priority 100\\' is 'invalid number'); a comment that ends in '\\' even leaves a lone '\\' that keepalived reports as an unknown keyword.",
  },
  {
    code: "VK0131",
    severity: "warning",
    title: "Escaped comment character",
    description:
      "'\\#' or '\\!' outside quotes. keepalived's parent process reads it as a literal '#' or '!', but its VRRP (and checker) processes re-read a copy of the line with the backslash already removed, so there everything from the '#' or '!' on is a comment: 'vrrp_instance VI_\\#1 {' loses its '{' (observed with 2.2.7). vipkeeper follows the parent's reading; put such text in double quotes instead.",
  },
  {
    code: "VK0140",
    severity: "error",
    title: "Extra '}'",
    description:
      "A '}' closes nothing. keepalived reports \"Extra '}' found\" (and then \"Unknown keyword '}'\") and ignores it.",
  },
  {
    code: "VK0141",
    severity: "error",
    title: "Missing '}'",
    description:
      "The input ends inside a block. keepalived reports \"There are N missing '}'s or extra '{'s\" and applies what it read.",
  },
  {
    code: "VK0142",
    severity: "error",
    title: "Unexpected '{'",
    description:
      "A '{' that follows no keyword (after another '{' or '}', or at the start). keepalived reports \"Unexpected '{' - ignoring\"; because it ignores the brace, the matching '}' closes the enclosing block instead. vipkeeper does the same.",
  },
  {
    code: "VK0143",
    severity: "info",
    title: "Conditional line without content",
    description: "A line that is only '@id' (or '@^id'). keepalived drops it silently.",
  },
  {
    code: "VK0199",
    severity: "error",
    title: "Internal error",
    description:
      "The front end met a condition it did not expect. This is a vipkeeper bug; the configuration is refused rather than half read.",
  },
];
