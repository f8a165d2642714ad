#!/usr/bin/env node
// A scripted OpenAI-compatible chat-completions server for the opencode end-to-end test (no npm dependencies).
//
//   node fake-openai.mjs serve --port-file FILE --log FILE [--max-seconds N]
//       Listens on 127.0.0.1 (random port, written to FILE once listening) and answers POST .../chat/completions,
//       always as server-sent events when the request asks for a stream. Every request body is appended to the log
//       (one JSON object per line). The conversation it plays, one step per request:
//         - a request without tools (opencode's session title): a short text;
//         - no skill result yet: a call of the `skill` tool with name "database";
//         - skill loaded, no MCP result yet: a call of `dbagent_inspect_schema` (else `dbagent_lint_schema`);
//         - both results present: a final text naming the tables found in the MCP tool's result.
//
//       The same port is the HTTP(S) proxy the test gives opencode (NO_PROXY exempts 127.0.0.1): any other host it
//       tries to reach is refused and logged, so a run that would need the internet shows up as a failure.
//
//   node fake-openai.mjs check --log FILE --skill-marker TEXT [--skill-description TEXT] --table NAME [--table NAME …]
//       Reads the log and checks that opencode offered both tools, listed the skill, sent back the skill's text and the
//       MCP tool's real result (every table name present), got the final answer, and tried no outside host.
//       Exit 0 when all hold, else 1.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const SKILL_CALL_ID = "call_e2e_skill";
const MCP_CALL_ID = "call_e2e_mcp";
const MCP_TOOLS = ["dbagent_inspect_schema", "dbagent_lint_schema"];
export const ANSWER_PREFIX = "E2E-ANSWER";

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const key = a.slice(2);
      const value = argv[++i];
      if (value === undefined) throw new Error(`missing value for ${a}`);
      if (key === "table") (out.table ??= []).push(value);
      else out[key] = value;
    } else {
      out._.push(a);
    }
  }
  return out;
}

/** Message content as plain text: a string, or an array of parts ({type:"text", text}). */
function text(content) {
  if (content == null) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === "string" ? p : p?.text ?? "")).join("");
  return JSON.stringify(content);
}

function toolNames(body) {
  return (body.tools ?? []).map((t) => t?.function?.name ?? t?.name).filter(Boolean);
}

/** The content of the tool message answering the given call id, or null. */
function toolResult(body, callId) {
  for (const m of body.messages ?? []) {
    if (m.role === "tool" && m.tool_call_id === callId) return text(m.content);
  }
  return null;
}

/** Table names in an inspect/lint result: the JSON (possibly wrapped in other text) is searched for them. */
function tablesIn(result) {
  const candidates = [result];
  const first = result.indexOf("{");
  const last = result.lastIndexOf("}");
  if (first >= 0 && last > first) candidates.push(result.slice(first, last + 1));
  for (const c of candidates) {
    let doc;
    try {
      doc = JSON.parse(c);
    } catch {
      continue;
    }
    if (typeof doc === "string") return tablesIn(doc);
    const names = new Set();
    if (Array.isArray(doc?.tables)) {
      for (const t of doc.tables) if (typeof t?.name === "string") names.add(t.name);
      else if (typeof t === "string") names.add(t);
    }
    if (Array.isArray(doc?.findings)) {
      for (const f of doc.findings) if (typeof f?.subject === "string") names.add(f.subject.split(".")[0]);
    }
    if (names.size) return [...names];
  }
  return [];
}

/** What to answer: {text} or {tool: {id, name, args}}. */
export function decide(body) {
  const tools = toolNames(body);
  if (tools.length === 0) return { text: "Database schema overview" };
  const skill = toolResult(body, SKILL_CALL_ID);
  if (skill == null) {
    if (!tools.includes("skill")) return { text: `E2E-FAILED: opencode offered no skill tool (tools: ${tools.join(", ")})` };
    return { tool: { id: SKILL_CALL_ID, name: "skill", args: { name: "database" } } };
  }
  const mcp = toolResult(body, MCP_CALL_ID);
  if (mcp == null) {
    const name = MCP_TOOLS.find((n) => tools.includes(n));
    if (!name) return { text: `E2E-FAILED: opencode offered none of ${MCP_TOOLS.join(", ")} (tools: ${tools.join(", ")})` };
    return { tool: { id: MCP_CALL_ID, name, args: {} } };
  }
  const tables = tablesIn(mcp);
  if (tables.length === 0) return { text: `E2E-FAILED: no table names in the MCP tool result: ${mcp.slice(0, 300)}` };
  return { text: `${ANSWER_PREFIX}: the database has these tables: ${tables.join(", ")}.` };
}

function chunk(id, model, delta, finishReason) {
  return {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function reply(res, body, decision, n) {
  const id = `chatcmpl-e2e-${n}`;
  const model = body.model ?? "e2e-model";
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  const message = decision.tool
    ? {
        role: "assistant",
        content: null,
        tool_calls: [{ id: decision.tool.id, type: "function",
          function: { name: decision.tool.name, arguments: JSON.stringify(decision.tool.args) } }],
      }
    : { role: "assistant", content: decision.text };
  const finish = decision.tool ? "tool_calls" : "stop";
  if (!body.stream) {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model,
      choices: [{ index: 0, message, finish_reason: finish }], usage }));
    return;
  }
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
  // One compact JSON object per data line: a pretty-printed object would break the SSE framing.
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  send(chunk(id, model, { role: "assistant", content: "" }, null));
  if (decision.tool) {
    const args = JSON.stringify(decision.tool.args);
    send(chunk(id, model, { tool_calls: [{ index: 0, id: decision.tool.id, type: "function",
      function: { name: decision.tool.name, arguments: "" } }] }, null));
    send(chunk(id, model, { tool_calls: [{ index: 0, function: { arguments: args } }] }, null));
  } else {
    // Stream the answer in a few pieces, as a real model would.
    const words = decision.text.split(/(?<= )/);
    for (let i = 0; i < words.length; i += 4) send(chunk(id, model, { content: words.slice(i, i + 4).join("") }, null));
  }
  send(chunk(id, model, {}, finish));
  send({ ...chunk(id, model, {}, null), choices: [], usage });
  res.write("data: [DONE]\n\n");
  res.end();
}

function serve(opts) {
  if (!opts["port-file"] || !opts.log) throw new Error("serve needs --port-file and --log");
  const logFile = opts.log;
  fs.writeFileSync(logFile, "");
  let n = 0;
  const outbound = (what) => {
    fs.appendFileSync(logFile, JSON.stringify({ outbound: what, at: new Date().toISOString() }) + "\n");
    process.stderr.write(`fake-openai: refused an outbound request: ${what}\n`);
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let url = req.url ?? "";
      if (/^https?:\/\//i.test(url)) {
        // Sent to us as a proxy (HTTP_PROXY): our own address is served, anything else is an escape attempt.
        const target = new URL(url);
        if (target.host !== `127.0.0.1:${server.address().port}`) {
          outbound(`${req.method} ${url}`);
          res.writeHead(403, { "Content-Type": "text/plain" });
          res.end("dbagent e2e: no internet access in this test\n");
          return;
        }
        url = target.pathname + target.search;
      }
      if (req.method === "GET" && url.endsWith("/models")) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ object: "list", data: [{ id: "e2e-model", object: "model", owned_by: "dbagent-e2e" }] }));
        return;
      }
      if (req.method !== "POST" || !url.split("?")[0].endsWith("/chat/completions")) {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${url}` } }));
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: `bad JSON: ${e.message}` } }));
        return;
      }
      n++;
      const decision = decide(body);
      fs.appendFileSync(logFile, JSON.stringify({ n, at: new Date().toISOString(), url, body, decision }) + "\n");
      const what = decision.tool ? `tool call ${decision.tool.name}` : `text: ${decision.text.slice(0, 80)}`;
      process.stderr.write(`fake-openai: request ${n} (${toolNames(body).length} tools, ${(body.messages ?? []).length} messages) -> ${what}\n`);
      reply(res, body, decision, n);
    });
  });
  // HTTPS through a proxy starts with CONNECT host:443: record the host and refuse.
  server.on("connect", (req, socket) => {
    outbound(`CONNECT ${req.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  server.listen(0, "127.0.0.1", () => {
    const port = server.address().port;
    const tmp = `${opts["port-file"]}.tmp`;
    fs.writeFileSync(tmp, String(port));
    fs.renameSync(tmp, opts["port-file"]);
    process.stderr.write(`fake-openai: listening on http://127.0.0.1:${port}/v1\n`);
  });
  // Never outlive a test run that forgot us.
  const max = Number(opts["max-seconds"] ?? 900);
  setTimeout(() => {
    process.stderr.write(`fake-openai: stopping after ${max} s\n`);
    process.exit(0);
  }, max * 1000).unref();
  for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
}

function check(opts) {
  const marker = opts["skill-marker"];
  const description = opts["skill-description"];
  const tables = opts.table ?? [];
  if (!opts.log || !marker || tables.length === 0) throw new Error("check needs --log, --skill-marker and --table");
  const lines = fs.readFileSync(opts.log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const entries = lines.filter((e) => e.body);
  const escapes = lines.filter((e) => e.outbound);
  const failures = [];
  const ok = [];
  if (entries.length === 0) failures.push("the fake model server received no request at all");

  const main = entries.filter((e) => toolNames(e.body).length > 0);
  if (entries.length > 0 && main.length === 0) failures.push("no request offered any tools");
  const offered = new Set(main.flatMap((e) => toolNames(e.body)));
  if (main.length > 0) {
    if (offered.has("skill")) ok.push("opencode offered the skill tool");
    else failures.push(`opencode did not offer the skill tool (offered: ${[...offered].join(", ")})`);
    const mcp = MCP_TOOLS.filter((n) => offered.has(n));
    if (mcp.length) ok.push(`opencode offered the MCP tools ${mcp.join(", ")}`);
    else failures.push(`opencode offered none of ${MCP_TOOLS.join(", ")}: the dbagent MCP server did not come up (offered: ${[...offered].join(", ")})`);
    if (description) {
      const listed = main.some((e) => JSON.stringify(e.body.messages ?? []).includes(JSON.stringify(description).slice(1, -1))
        || JSON.stringify(e.body.tools ?? []).includes(JSON.stringify(description).slice(1, -1)));
      if (listed) ok.push("the skill's description reached the model");
      else failures.push(`the skill's description ("${description}") never reached the model: opencode did not find the skill`);
    }
  }

  const skillResult = main.map((e) => toolResult(e.body, SKILL_CALL_ID)).find((r) => r != null);
  if (skillResult == null) failures.push("no request carried the result of the skill call");
  else if (!skillResult.includes(marker)) failures.push(`the skill result lacks "${marker}": ${skillResult.slice(0, 300)}`);
  else ok.push(`the skill result carried SKILL.md's text ("${marker}")`);

  const mcpEntry = main.find((e) => toolResult(e.body, MCP_CALL_ID) != null);
  if (mcpEntry == null) {
    failures.push("no request carried the result of the MCP tool call");
  } else {
    const r = toolResult(mcpEntry.body, MCP_CALL_ID);
    const missing = tables.filter((t) => !r.includes(t));
    if (missing.length) failures.push(`the MCP tool result lacks the tables ${missing.join(", ")}: ${r.slice(0, 300)}`);
    else ok.push(`the MCP tool result (${r.length} chars) named the tables ${tables.join(", ")} (request ${mcpEntry.n})`);
  }

  const answered = entries.some((e) => e.decision?.text?.startsWith(ANSWER_PREFIX));
  if (!answered) failures.push("the fake model never reached its final answer");
  for (const e of entries) if (e.decision?.text?.startsWith("E2E-FAILED")) failures.push(e.decision.text);

  if (escapes.length) failures.push(`opencode tried to reach the internet: ${[...new Set(escapes.map((e) => e.outbound))].join("; ")}`);
  else ok.push("no request left the machine (proxy saw none)");

  for (const line of ok) console.log(`  ok: ${line}`);
  for (const line of failures) console.log(`  FAILED: ${line}`);
  process.exit(failures.length ? 1 : 0);
}

const opts = parseArgs(process.argv.slice(2));
const mode = opts._[0];
if (mode === "serve") serve(opts);
else if (mode === "check") check(opts);
else {
  console.error(`usage: ${path.basename(process.argv[1])} serve --port-file FILE --log FILE | check --log FILE --skill-marker TEXT --table NAME…`);
  process.exit(2);
}
