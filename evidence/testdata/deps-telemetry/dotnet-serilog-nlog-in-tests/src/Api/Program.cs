using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseSerilog((ctx, cfg) => cfg.WriteTo.Console(new Serilog.Formatting.Json.JsonFormatter()));
var app = builder.Build();
app.Run();
