@echo off
rem Installs and starts the PeerBook agent as a Windows service. Run as an administrator; silent,
rem so a software-distribution tool (Intune, SCCM, a GPO startup script) can run it unattended.
rem Needs WinSW beside this file as peerbook-agent-service.exe and Java 17+ in JAVA_HOME.
rem   install-service.cmd [registry-url]   e.g. install-service.cmd https://peerbook.corp.example/api
rem A registry URL given here goes into a new %ProgramData%\PeerBook\agent.properties; an existing
rem file (pushed by GPO or Intune) is left as it is.
setlocal
set "here=%~dp0"
if not exist "%here%peerbook-agent-service.exe" (
  echo install-service: put WinSW-x64.exe beside this file as peerbook-agent-service.exe 1>&2
  exit /b 2
)
set "data=%ProgramData%\PeerBook"
if not exist "%data%\agent" mkdir "%data%\agent"
if not exist "%data%\logs" mkdir "%data%\logs"
rem The copy and the node token: the service account (LocalService, S-1-5-19), SYSTEM and
rem Administrators only; nothing inherited, so users of the machine cannot read the token.
icacls "%data%\agent" /inheritance:r /grant:r "*S-1-5-19:(OI)(CI)M" "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" >nul || exit /b 1
icacls "%data%\logs" /grant "*S-1-5-19:(OI)(CI)M" >nul || exit /b 1
if not exist "%data%\agent.properties" (
  copy "%here%..\..\conf\agent.properties" "%data%\agent.properties" >nul
  if not "%~1"=="" echo registry=%~1>>"%data%\agent.properties"
)
rem it may hold an enrollment secret: readable by the service, changed by administrators only
icacls "%data%\agent.properties" /inheritance:r /grant:r "*S-1-5-19:R" "*S-1-5-18:F" "*S-1-5-32-544:F" >nul || exit /b 1
"%here%peerbook-agent-service.exe" install || exit /b 1
"%here%peerbook-agent-service.exe" start || exit /b 1
echo PeerBook agent installed and started; settings in %data%\agent.properties, logs in %data%\logs
