@echo off
rem The PeerBook agent's launcher: peerbook-agent run | status | search | check-source ...
rem Java 17 or later: %JAVA_HOME%\bin\java.exe, else java on the PATH.
rem JVM options: PEERBOOK_AGENT_JAVA_OPTS (default -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxTenuringThreshold=1).
setlocal
set "java=java"
if defined JAVA_HOME set "java=%JAVA_HOME%\bin\java.exe"
set "options=%PEERBOOK_AGENT_JAVA_OPTS%"
if not defined options set "options=-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxTenuringThreshold=1"
"%java%" %options% -jar "%~dp0..\lib\peer-agent.jar" %*
exit /b %ERRORLEVEL%
