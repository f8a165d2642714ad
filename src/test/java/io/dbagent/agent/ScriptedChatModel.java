package io.dbagent.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A model whose every turn is a script step: either tool calls or a final answer computed from what the tools
 * returned. It lets tests drive the real AiServices loop and real tools without any LLM.
 */
public final class ScriptedChatModel implements ChatModel {

    /** One step: given the conversation so far, what the model says. */
    public interface Step extends Function<List<ChatMessage>, AiMessage> {
    }

    private final List<Step> steps;
    private final AtomicInteger next = new AtomicInteger();
    private final List<ChatRequest> requests = new ArrayList<>();

    public ScriptedChatModel(Step... steps) {
        this.steps = List.of(steps);
    }

    /** A step that calls one tool with JSON arguments. */
    public static Step callTool(String name, String argumentsJson) {
        return messages -> AiMessage.from(ToolExecutionRequest.builder()
                .id("call-" + name + "-" + messages.size()).name(name).arguments(argumentsJson).build());
    }

    /** A step that answers with text built from the tool results of this turn. */
    public static Step answer(Function<List<String>, String> fromToolResults) {
        return messages -> AiMessage.from(fromToolResults.apply(toolResults(messages)));
    }

    public static List<String> toolResults(List<ChatMessage> messages) {
        List<String> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m instanceof ToolExecutionResultMessage r) {
                out.add(r.text());
            }
        }
        return out;
    }

    public static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return u.singleText();
            }
        }
        return "";
    }

    public List<ChatRequest> requests() {
        return requests;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        int i = next.getAndIncrement();
        if (i >= steps.size()) {
            throw new IllegalStateException("script exhausted after " + steps.size() + " steps");
        }
        return ChatResponse.builder().aiMessage(steps.get(i).apply(request.messages())).build();
    }
}
