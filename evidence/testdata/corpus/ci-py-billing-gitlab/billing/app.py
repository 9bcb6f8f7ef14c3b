from fastapi import FastAPI

app = FastAPI()


@app.get("/invoices/{invoice_id}")
def invoice(invoice_id: int) -> dict:
    return {"id": invoice_id, "status": "open"}
