import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM with its options: {@code java AttachAgent.java PID LIBRARY
 * OPTIONS}. bench/profile drives async-profiler this way because {@code jcmd PID JVMTI.agent_load}
 * parses an options string with {@code =} in it as a named argument of its own and passes the agent nothing.
 */
public class AttachAgent {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
