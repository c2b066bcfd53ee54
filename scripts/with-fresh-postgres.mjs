#!/usr/bin/env node
// Runs a command against a fresh, uniquely named PostgreSQL database and drops it afterwards.
// The server is PG_SERVER_URL (default: the local cluster, trust auth). Test files create their
// own databases on the same server, named after this run's.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

const server = process.env.PG_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `logigramme_ci_${Date.now()}_${randomBytes(3).toString("hex")}`;

async function admin(statement) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-fresh-postgres <command> [args...]");
  process.exit(2);
}
await admin(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
console.log(`PostgreSQL: fresh database ${name}`);
let status = 1;
try {
  const result = spawnSync("npx", [command, ...args], {
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE_URL: url.toString(), DATABASE_URL: url.toString() },
  });
  status = result.status ?? 1;
} finally {
  await admin(`drop database if exists ${name} with (force)`);
}
process.exit(status);
