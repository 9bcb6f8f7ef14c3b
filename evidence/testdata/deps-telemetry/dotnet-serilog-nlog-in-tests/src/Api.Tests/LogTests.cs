using NLog;

public class LogTests {}
