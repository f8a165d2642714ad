package io.dbagent.cli;

import picocli.CommandLine.Mixin;

/** A command that hands the database's tool set to a model or an MCP client (ask, chat, mcp): adds the agent options. */
abstract class AgentCommand extends DatabaseCommand {

    @Mixin
    AgentOptions agentOptions;
}
