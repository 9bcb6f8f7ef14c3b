var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks()
    .AddNpgSql(builder.Configuration.GetConnectionString("orders")!)
    .AddRedis(builder.Configuration["Redis"]!);
var app = builder.Build();
app.MapHealthChecks("/health");
app.Run();
