@echo off
rem Stops and removes the PeerBook agent service; its copy and settings stay in %ProgramData%\PeerBook.
setlocal
set "here=%~dp0"
"%here%peerbook-agent-service.exe" stop
"%here%peerbook-agent-service.exe" uninstall || exit /b 1
