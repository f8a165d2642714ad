package io.dbagent.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link FakeBrain} as an in-process LangChain4j {@link ChatModel} (the "scripted model" path). */
public final class BrainChatModel implements ChatModel {

    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> toolsSeen = new ArrayList<>();

    public List<String> toolsSeen() {
        return toolsSeen;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        if (toolsSeen.isEmpty() && request.toolSpecifications() != null) {
            request.toolSpecifications().forEach(t -> toolsSeen.add(t.name()));
        }
        List<FakeBrain.Turn> turns = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u) {
                turns.add(new FakeBrain.Turn("user", u.singleText()));
            } else if (m instanceof ToolExecutionResultMessage t) {
                turns.add(new FakeBrain.Turn("tool", t.text()));
            } else if (m instanceof SystemMessage s) {
                turns.add(new FakeBrain.Turn("system", s.text()));
            } else if (m instanceof AiMessage a) {
                turns.add(new FakeBrain.Turn("assistant", a.text() == null ? "" : a.text()));
            }
        }
        FakeBrain.Decision d = FakeBrain.decide(turns);
        AiMessage reply = d instanceof FakeBrain.CallTool c
                ? AiMessage.from(ToolExecutionRequest.builder().id("call_" + ids.incrementAndGet())
                        .name(c.call().name()).arguments(c.call().argumentsJson()).build())
                : AiMessage.from(((FakeBrain.Answer) d).text());
        return ChatResponse.builder().aiMessage(reply).build();
    }
}
