/**
 * Diagnostic codes of keyword table and validation (VK02xx-VK04xx): VK02xx keywords and block
 * structure, VK03xx values, VK04xx keepalived's derivations and cross-object checks.
 *
 * @module
 */

import type { CodeInfo } from "./types.ts";

/**
 * Codes of keyword table and validation (VK02xx-VK04xx).
 *
 * @example
 * ```ts
 * import { validateCodes } from "./validate.ts";
 * validateCodes.forEach((c) => c.code);
 * ```
 */
export const validateCodes: CodeInfo[] = [
  c(
    "VK0201",
    "error",
    "Unknown keyword",
    "The keyword is not valid at this level. keepalived reports `Unknown keyword` and skips the line. The hint suggests the nearest keywords of the level, or the level where the keyword belongs.",
  ),
  c(
    "VK0202",
    "error",
    "Unknown block keyword",
    "An unknown keyword opens a `{ ... }` block. vipkeeper skips the whole block; keepalived instead reports `Unexpected '{'`, reads the block's lines as keywords of the enclosing level (where they take effect) and lets the block's `}` close the enclosing block.",
  ),
  c(
    "VK0203",
    "info",
    "Not run by vipkeeper",
    "The keyword belongs to another keepalived daemon (checker/IPVS, BFD) or to keepalived's parent process (static addresses, namespaces, pid files). vipkeeper recognises it and skips it, including its block.",
  ),
  c(
    "VK0204",
    "warning",
    "Deprecated keyword",
    "keepalived still accepts the keyword but it has a replacement, named in the message.",
  ),
  c(
    "VK0205",
    "error",
    "Missing argument",
    "The keyword needs a value (or a block needs a name). keepalived stops reading the configuration at such a line.",
  ),
  c(
    "VK0206",
    "error",
    "Unexpected block",
    "A keyword that takes no block is followed by `{ ... }`. vipkeeper skips the block; keepalived reports `Unexpected '{'` and reads the block's lines at the enclosing level.",
  ),
  c(
    "VK0207",
    "error",
    "Missing block",
    "A block keyword (`virtual_ipaddress`, `authentication`, ...) is not followed by `{`. keepalived reports `Missing '{'` and ignores the keyword.",
  ),
  c(
    "VK0208",
    "warning",
    "Extra words ignored",
    "Words after the keyword's arguments; keepalived ignores them silently.",
  ),
  c(
    "VK0209",
    "error",
    "Block has extra parameters",
    "Words between a block keyword (and its name) and `{`; keepalived reports them as an error.",
  ),
  c(
    "VK0210",
    "warning",
    "Keyword repeated",
    "A keyword given twice in one block. For notify hooks keepalived keeps the first and reports an error (severity error); for other values the last one wins silently.",
  ),
  c(
    "VK0211",
    "warning",
    "Not known to keepalived 2.2.7",
    "vipkeeper accepts the keyword (it was added to keepalived after 2.2.7 or needs a build option Debian's 2.2.7 lacks), but keepalived 2.2.7 reports it as an unknown keyword.",
  ),
  c(
    "VK0212",
    "warning",
    "Command quoting problem",
    "The command of a notify/script keyword has an unterminated quote or a trailing backslash; it is split as far as possible.",
  ),
  c("VK0213", "warning", "Empty block", "A block that should hold entries or keywords is empty."),
  c(
    "VK0214",
    "info",
    "No effect in vipkeeper",
    "keepalived's VRRP process acts on this keyword (SMTP alerts, SNMP, nftables rules, process scheduling, VRFs, ipvlan, ...) but vipkeeper does not; it is accepted and kept so that convert writes it back.",
  ),
  c(
    "VK0301",
    "error",
    "Invalid number",
    "The value is not a number of the kind expected (integer or decimal). The message says what keepalived does instead (default, ignore).",
  ),
  c(
    "VK0302",
    "error",
    "Number out of range",
    "The number is outside the keyword's range. The message says what keepalived does instead.",
  ),
  c(
    "VK0303",
    "warning",
    "Too many decimal places",
    "keepalived keeps microseconds (6 decimal places) and rounds the rest.",
  ),
  c(
    "VK0304",
    "error",
    "Invalid boolean",
    "Booleans are `true|on|yes` or `false|off|no` (lower case); keepalived ignores the line.",
  ),
  c(
    "VK0305",
    "error",
    "Invalid value",
    "The value is not one of the words the keyword accepts (e.g. `state master`, which keepalived turns into BACKUP).",
  ),
  c(
    "VK0306",
    "error",
    "Invalid address",
    "Not an IP address (or not of the required family, or not multicast); keepalived ignores it.",
  ),
  c(
    "VK0307",
    "error",
    "Invalid weight",
    "A tracker weight outside -254..254 (or not a number); keepalived applies the fallback named in the message (spec §3.1).",
  ),
  c(
    "VK0308",
    "warning",
    "Weight ±254",
    "vipkeeper accepts weights of ±254 (as the design says), but keepalived 2.x lowers them to ±253 on this line.",
  ),
  c(
    "VK0309",
    "warning",
    "Value truncated",
    "The value is longer than keepalived keeps (auth_pass: 8 bytes; interface names: 15 characters).",
  ),
  c(
    "VK0310",
    "error",
    "Invalid virtual address entry",
    "A virtual_ipaddress entry with a bad address, prefix or option; keepalived skips the entry.",
  ),
  c(
    "VK0311",
    "warning",
    "Duplicate entry ignored",
    "The same virtual address or unicast peer is listed twice; keepalived ignores the second.",
  ),
  c(
    "VK0312",
    "error",
    "Address family mismatch",
    "A virtual address (or source/peer address) of the other family than the instance's first VIP; keepalived ignores it.",
  ),
  c("VK0313", "error", "Loopback interface", "keepalived refuses `lo` as a VRRP interface."),
  c(
    "VK0314",
    "error",
    "Value adjusted",
    "keepalived replaces the value (e.g. a repeat count of 0 becomes 1); the message says with what.",
  ),
  c(
    "VK0401",
    "error",
    "Duplicate name",
    "A second vrrp_instance/vrrp_sync_group (or tracked object) with the same name; the whole block is skipped.",
  ),
  c(
    "VK0402",
    "error",
    "Mandatory setting missing",
    "virtual_router_id in an instance, script in a vrrp_script, file in a track_file, process in a vrrp_track_process, group in a sync group; keepalived refuses the object (instances: the load fails).",
  ),
  c(
    "VK0403",
    "warning",
    "State derived",
    "The initial state was adjusted: unknown state word, strict-mode owner rule, AH authentication, or a sync group whose members cannot all be MASTER (spec §2.7 steps 3, 4, 15).",
  ),
  c(
    "VK0404",
    "warning",
    "Version changed",
    "An IPv6 instance always runs VRRPv3; a conflicting `version` is ignored.",
  ),
  c(
    "VK0405",
    "warning",
    "Authentication removed",
    "keepalived drops authentication with VRRPv3, strict mode, no password, or AH with IPv6.",
  ),
  c(
    "VK0406",
    "warning",
    "Unicast without peers",
    "A unicast keyword without any unicast_peer: keepalived falls back to multicast (or FAULT with unicast_fault_no_peer).",
  ),
  c(
    "VK0407",
    "warning",
    "Preemption setting cleared",
    "nopreempt or preempt_delay has no effect (priority 255, state MASTER, strict mode) and keepalived clears it.",
  ),
  c(
    "VK0408",
    "warning",
    "Strict mode forces a setting",
    "With strict mode keepalived forces GARP/advert settings and down_timer_adverts 3 (spec §2.7 step 10).",
  ),
  c(
    "VK0409",
    "warning",
    "advert_int rounded",
    "VRRPv2 adverts are whole seconds (1..255); VRRPv3 adverts are 10 ms steps up to 40.95 s. keepalived rounds.",
  ),
  c(
    "VK0410",
    "warning",
    "No virtual address",
    "An instance without virtual_ipaddress: a warning, or an error with VRRPv3 or strict mode (the load fails).",
  ),
  c(
    "VK0411",
    "warning",
    "Tracker weight changed by sync group",
    "Sync-group members' weighted trackers: interface weights become 0, weighted scripts, files and BFD are removed (spec §3.5), unless sync_group_tracking_weight.",
  ),
  c(
    "VK0412",
    "warning",
    "Tracker changed for address owner",
    "An instance with priority 255 never changes priority: its weighted trackers are removed or set to 0.",
  ),
  c(
    "VK0413",
    "error",
    "Bad sync group member",
    "A group member that is not a vrrp_instance, or is already in another group; keepalived skips it.",
  ),
  c(
    "VK0414",
    "warning",
    "Sync group size",
    "A sync group with one member (probably not wanted) or none (removed).",
  ),
  c(
    "VK0415",
    "warning",
    "Unused script",
    "A vrrp_script no instance or sync group tracks; keepalived removes it.",
  ),
  c(
    "VK0416",
    "error",
    "Instance without interface",
    "Neither `interface` nor `unicast_src_ip`: keepalived cannot run the instance (the load fails).",
  ),
  c(
    "VK0417",
    "info",
    "IPv6 first address not link-local",
    "RFC 5798 wants the first IPv6 virtual address to be link-local. keepalived says nothing unless strict mode, where it refuses the instance; vipkeeper gives an info (an error in strict mode).",
  ),
  c(
    "VK0418",
    "error",
    "Strict mode conflict",
    "A setting strict mode forbids (no_virtual_ipaddress; unicast peers, a warning because it depends on the interface being multicast-capable); keepalived refuses the configuration.",
  ),
  c(
    "VK0419",
    "warning",
    "Own interface tracked",
    "A track_interface entry names the instance's own interface, which every instance already tracks (unless dont_track_primary); keepalived ignores the entry, weight included.",
  ),
  c(
    "VK0420",
    "warning",
    "Too many virtual addresses for one advert",
    "An advert holds at most 255 addresses and must fit the interface MTU (assumed 1500: 255 IPv4 or 90 IPv6 addresses). keepalived moves the excess to virtual_ipaddress_excluded (installed, not advertised).",
  ),
  c(
    "VK0421",
    "warning",
    "use_vmac with unicast",
    "With a unicast keyword keepalived sends adverts on the base interface: it sets vmac_xmit_base, or clears use_vmac when the instance has no interface.",
  ),
  c(
    "VK0422",
    "warning",
    "Tracked by instance and sync group",
    "The same interface is tracked by an instance and by its sync group; keepalived warns and asks to keep only one of them.",
  ),
  c(
    "VK0423",
    "warning",
    "Rule without preference",
    "A virtual_rules entry has no preference (priority/order); keepalived gives it 16384, between the kernel's default rules, which is rarely what was meant.",
  ),
  c(
    "VK0424",
    "warning",
    "Interface delay line ignored",
    "An `interface_up_down_delays` line without delays, or with a delay that is not a number of seconds from 0 to 255, is ignored (keepalived logs it and goes on); extra words after the up delay are ignored.",
  ),
  c(
    "VK0425",
    "warning",
    "Interface delay lowered",
    "A down delay of an instance's own interface must stay below (down_timer_adverts − 1) advert intervals, or a link flap would outlast Master_Down_Interval; keepalived lowers it (and the up delay, when it was the same) to that bound.",
  ),
];

function c(
  code: string,
  severity: CodeInfo["severity"],
  title: string,
  description: string,
): CodeInfo {
  return { code, severity, title, description };
}
